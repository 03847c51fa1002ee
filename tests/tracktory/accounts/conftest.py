"""Keys for the token tests: RSA and EC key pairs, a real JWKS endpoint on loopback, a
clock the key set cache reads, and `configure` to rotate keys the way a restart would."""

import dataclasses
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tracktory.jwk import VerifyingKey

ISSUER, AUDIENCE = "tracktory-auth", "tracktory-api"


@dataclasses.dataclass
class KeyPair:
    private: object
    kid: str

    @property
    def algorithm(self) -> str:
        return VerifyingKey.of(self.private).algorithm

    def jwk(self) -> dict:
        return VerifyingKey.of(self.private, kid=self.kid).to_jwk()

    def private_pem(self) -> bytes:
        return self.private.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, claims: dict, **headers) -> str:
        return jwt.encode(claims, self.private, algorithm=self.algorithm,
                          headers={"kid": self.kid, **headers})


@pytest.fixture(scope="session")
def rsa_pair() -> KeyPair:
    return KeyPair(rsa.generate_private_key(public_exponent=65537, key_size=2048), "rsa-1")


@pytest.fixture(scope="session")
def ec_pair() -> KeyPair:
    return KeyPair(ec.generate_private_key(ec.SECP256R1()), "ec-1")


@pytest.fixture(scope="session")
def other_rsa_pair() -> KeyPair:
    return KeyPair(rsa.generate_private_key(public_exponent=65537, key_size=2048), "rsa-2")


def claims_for(user, **overrides) -> dict:
    now = int(time.time())
    claims = {"sub": str(user.id), "user_id": str(user.id), "iss": ISSUER, "aud": AUDIENCE,
              "iat": now, "exp": now + 600}
    claims.update(overrides)
    return {key: value for key, value in claims.items() if value is not None}


class JwksServer:
    """A JWK set served over HTTP on 127.0.0.1, as an external sign-in service would."""

    def __init__(self) -> None:
        self.keys: list[dict] = []
        self.cache_control = "max-age=300"
        self.status = 200
        self.location = None  # set: answer with a redirect there
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                owner.requests += 1
                if owner.location:
                    self.send_response(302)
                    self.send_header("Location", owner.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = json.dumps({"keys": owner.keys}).encode()
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", owner.cache_control)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/jwks.json"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def jwks_server():
    server = JwksServer()
    yield server
    server.stop()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def configure(settings):
    """Restart-free key changes: settings.CONFIG with some fields replaced (the keyring is
    rebuilt from it; the `settings` fixture puts the original back after the test)."""

    def change(**fields):
        settings.CONFIG = dataclasses.replace(settings.CONFIG, **fields)

    return change
