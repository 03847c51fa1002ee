"""Account writes: registration, profile updates, and the JWT lifecycle.

A bad credential or token is `Unauthorized` (401). Sign-in answers the same for an unknown
email and a wrong password, so it does not reveal which accounts exist.
"""

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.utils import datetime_from_epoch

from tracktory.accounts.tokens import BlacklistedTokenError, RefreshToken, user_id_from_claims
from tracktory.api.errors import NotFound, Unauthorized, ValidationFailed

User = get_user_model()
EMAIL_TAKEN = "An account with this email address already exists."
_UNSET = object()


def normalize_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def user_register(*, email: str, password: str, name: str) -> User:
    email = normalize_email(email)
    candidate = User(email=email, name=name)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={"password": list(exc.messages)}) from None
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationFailed(details={"email": [EMAIL_TAKEN]})
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, name=name)
    except IntegrityError:
        # Two sign-ups with the same address at once: the unique index decides.
        raise ValidationFailed(details={"email": [EMAIL_TAKEN]}) from None


def user_update(*, user: User, name=_UNSET, avatar_url=_UNSET, preferences=_UNSET) -> User:
    """Changes only the fields given; `preferences` replaces the stored object whole."""
    changed = []
    for field, value in (("name", name), ("avatar_url", avatar_url),
                         ("preferences", preferences)):
        if value is not _UNSET:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
    return user


def token_pair_for(*, user: User) -> dict:
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def token_obtain(*, email: str, password: str) -> tuple[User, dict]:
    # Django's backend refuses inactive users and hashes even for unknown emails, so the
    # answer's timing does not reveal whether an account exists.
    user = authenticate(username=normalize_email(email), password=password)
    if user is None:
        raise Unauthorized("Email or password is incorrect.")
    return user, token_pair_for(user=user)


def _message(exc: TokenError) -> str:
    return str(exc.args[0]) if exc.args else "Token is invalid."


def _valid_refresh(raw: str) -> RefreshToken:
    try:
        return RefreshToken(raw)
    except TokenError as exc:
        raise Unauthorized(_message(exc)) from None


def _blacklist(refresh: RefreshToken) -> bool:
    """Blacklists the token; False when it already was (another request got there first)."""
    with transaction.atomic():
        outstanding, _ = OutstandingToken.objects.get_or_create(
            jti=refresh["jti"],
            defaults={
                # The row is normally there already (minted here); the user may be gone.
                "user": lambda: User.objects.filter(
                    pk=user_id_from_claims(refresh.payload)).first(),
                "token": str(refresh),
                "created_at": refresh.current_time,
                "expires_at": datetime_from_epoch(refresh["exp"]),
            },
        )
        _, created = BlacklistedToken.objects.get_or_create(token=outstanding)
    return created


def token_refresh(*, refresh: str) -> dict:
    """A new access and refresh token; the refresh token presented can never be used again."""
    old = _valid_refresh(refresh)
    user = User.objects.filter(pk=user_id_from_claims(old.payload), is_active=True).first()
    if user is None:
        raise Unauthorized("No active account found for the given token.")
    with transaction.atomic():
        # Checked once more at the write: of two refreshes racing with one token, one wins.
        if not _blacklist(old):
            raise Unauthorized("Token is blacklisted")
        # In the same transaction: the old token is spent only if the new pair exists.
        return token_pair_for(user=user)


def token_revoke(*, refresh: str) -> None:
    """Signs out: the refresh token is blacklisted. Signing out twice is not an error."""
    try:
        token = RefreshToken(refresh)
    except BlacklistedTokenError:
        return
    except TokenError as exc:
        raise Unauthorized(_message(exc)) from None
    _blacklist(token)


@transaction.atomic
def _blacklist_outstanding(tokens) -> int:
    live = tokens.filter(expires_at__gt=timezone.now(), blacklistedtoken__isnull=True)
    rows = [BlacklistedToken(token_id=pk) for pk in live.values_list("pk", flat=True)]
    # A refresh racing with this may have blacklisted one of them already: not an error.
    BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def refresh_tokens_revoke_all() -> int:
    """Every unexpired refresh token we issued stops working (a suspected leak); returns how
    many were revoked. Access tokens stay valid until they expire (15 minutes)."""
    return _blacklist_outstanding(OutstandingToken.objects.all())


def refresh_tokens_revoke_for(*, email: str) -> int:
    """All of one account's refresh tokens stop working (a lost phone, a leaked session)."""
    user = User.objects.filter(email__iexact=normalize_email(email)).first()
    if user is None:
        raise NotFound(f"No account with the email address {email}.")
    return _blacklist_outstanding(OutstandingToken.objects.filter(user=user))
