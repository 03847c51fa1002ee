"""Django settings, read once from the environment through `tracktory.env`.

With no environment at all this is the embedded default: DEBUG on, SQLite and local files
under TRACKTORY_DATA_DIR, dev secrets generated there. Production (DEBUG=0) refuses to
start without SECRET_KEY, JWT_SECRET and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

from media_pipeline.storage_settings import media_storages
from tracktory.env import environment_config

BASE_DIR = Path(__file__).resolve().parent.parent
CONFIG = environment_config()

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
SECRET_KEY_FALLBACKS = list(CONFIG.secret_key_previous)
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
DATA_DIR = CONFIG.data_dir

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    # Swagger UI served from our own static files: the CSP allows no CDN.
    "drf_spectacular_sidecar",
    "tracktory.accounts",
    "tracktory.api",
    "tracktory",
    "inventory",
    "households",
    "media_pipeline",
]

MIDDLEWARE = [
    # Outermost: only adds headers, so every response (health, errors) carries them.
    "tracktory.security_headers.SecurityHeadersMiddleware",
    # First to answer, so liveness probes never touch hosts, sessions or the database.
    "tracktory.health.HealthCheckMiddleware",
    "tracktory.request_context.RequestContextMiddleware",
    "tracktory.api.throttling.RateLimitHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tracktory.urls"
WSGI_APPLICATION = "tracktory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": CONFIG.database}
if CONFIG.database["ENGINE"].endswith("sqlite3"):
    # The embedded default must work on a fresh checkout: SQLite won't create the folder.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

if CONFIG.redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CONFIG.redis_url,
            "KEY_PREFIX": "tracktory",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: hashed, compressed names collected at build time, served by whitenoise
# with a one-year immutable Cache-Control.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    # "default": private originals, read only through signed expiring URLs;
    # "public": renditions, public and immutable. S3/R2 when R2_* is set, else local files.
    **media_storages(CONFIG.r2, MEDIA_ROOT),
    # Whitenoise's compressed manifest storage, with ES module imports rewritten to hashed names.
    "staticfiles": {"BACKEND": "tracktory.pwa.staticfiles.StaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tracktory.accounts.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["tracktory.api.renderers.EnvelopeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "EXCEPTION_HANDLER": "tracktory.api.exception_handler.envelope_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["tracktory.api.throttling.UserApiThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        # Sign-in and registration, per IP and per email: stops password guessing.
        "auth": "10/min",
        # Everything else, per user: room for an offline queue replaying at once.
        "user": "600/min",
    },
    # Behind the platform's TLS proxy the client is the last X-Forwarded-For hop; in
    # development nothing is in front, and a client-sent header must not pick its bucket.
    "NUM_PROXIES": 0 if DEBUG else 1,
    "UNAUTHENTICATED_USER": None,
}

# Which keys sign and verify is tracktory.accounts.keyring's business (built from CONFIG:
# JWT_SECRET and its previous values, an RS256/ES256 signing key, external key sets);
# ALGORITHM/SIGNING_KEY here only describe the HS256 default to simplejwt itself.
SIMPLE_JWT = {
    "ALGORITHM": "HS256",
    "SIGNING_KEY": CONFIG.jwt_secret,
    "ISSUER": "tracktory-auth",
    "AUDIENCE": "tracktory-api",
    "LEEWAY": timedelta(seconds=60),
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Adds `sub`/`email` to our tokens and accepts external ones without `jti`/`token_type`.
    "AUTH_TOKEN_CLASSES": ("tracktory.accounts.tokens.AccessToken",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tracktory API",
    "DESCRIPTION": "Home inventory: items, categories, locations, images, search, export.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Responses documented as the envelope clients really receive.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracktory.api.schema.wrap_responses_in_envelope",
    ],
}

CORS_ALLOWED_ORIGINS = list(CONFIG.cors_allowed_origins)
CORS_URLS_REGEX = r"^/(api|media)/.*$"
CORS_ALLOW_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "authorization",
    "content-type",
    "idempotency-key",
    "if-match",
    "if-none-match",
]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Idempotency-Replayed",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Request-ID",
]
CORS_ALLOW_CREDENTIALS = False

# Security: TLS terminates at the platform's proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = CONFIG.secure_ssl_redirect
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^health/"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "tracktory.request_context.RequestIdFilter"}},
    "formatters": {"json": {"()": "tracktory.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        # Our request log replaces Django's own "Not Found: ..." lines.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
