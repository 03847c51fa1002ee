"""Who may see and do what: every household scope and role check goes through here.

Reads scope by `member_household_ids(user)`, a subquery (no query of its own), so a list
costs the same whatever the number of households. A write asks `role_in` (one query) or
reads the role alongside the row it locks (`role_annotation`). Nothing is cached: a removed
member's next request already finds nothing.
"""

import hashlib

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from households.models import Household, Invite, Membership, Role
from tracktory.api.errors import Forbidden, NotFound

WRITERS = (Role.OWNER, Role.EDITOR)


def member_household_ids(user, household_id=None) -> QuerySet:
    """The ids of the user's households (narrowed to one when given), as a subquery."""
    memberships = Membership.objects.filter(user_id=user.pk)
    if household_id is not None:
        memberships = memberships.filter(household_id=household_id)
    return memberships.values("household_id")


def role_annotation(user, household_field: str = "household_id") -> Subquery:
    """The user's role in the row's household (None when not a member), for `.annotate`."""
    return Subquery(Membership.objects.filter(
        household_id=OuterRef(household_field), user_id=user.pk).values("role")[:1])


def check_role(role: str | None, *, allowed=WRITERS, what: str = "Household") -> None:
    """Not a member: NOT_FOUND (as if nothing were there); a role too weak: FORBIDDEN."""
    if role is None:
        raise NotFound(f"{what} not found.")
    if role not in allowed:
        raise Forbidden("Your role in this household does not allow this."
                        if role == Role.VIEWER or allowed != (Role.OWNER,)
                        else "Only an owner of this household may do this.")


def role_in(*, user, household_id) -> str | None:
    return (Membership.objects.filter(user_id=user.pk, household_id=household_id)
            .values_list("role", flat=True).first())


def writable_household_id(*, user, household_id=None, field: str = "householdId"):
    """The household a new row goes to: the given one if the user may write there, else
    the personal one. Unknown or foreign: 404; viewer: 403."""
    if household_id is None:
        return personal_household_id(user=user)
    check_role(role_in(user=user, household_id=household_id))
    return household_id


def personal_household_id(*, user):
    """The id of the user's personal household (`user` may be a user or a user id)."""
    found = (Membership.objects.filter(user_id=getattr(user, "pk", user),
                                       household__is_personal=True,
                                       role=Role.OWNER)
             .order_by("joined_at").values_list("household_id", flat=True).first())
    if found is None:
        raise NotFound("Household not found.")
    return found


def memberships_of(*, user) -> list[tuple]:
    """(household id, role) of every household of the user, in a stable order."""
    return list(Membership.objects.filter(user_id=user.pk)
                .order_by("household_id").values_list("household_id", "role"))


def households_for(*, user) -> QuerySet:
    """The user's households with `role` and `member_count`, personal first."""
    return (Household.objects.filter(id__in=member_household_ids(user))
            .annotate(role=role_annotation(user, "id"), member_count=Count("memberships"))
            .order_by("-is_personal", "name", "id"))


def household_get(*, user, household_id) -> Household:
    household = households_for(user=user).filter(pk=household_id).first()
    if household is None:
        raise NotFound("Household not found.")
    return household


def members_of(*, user, household_id) -> QuerySet:
    household_get(user=user, household_id=household_id)
    return (Membership.objects.filter(household_id=household_id).select_related("user")
            .order_by("joined_at", "id"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_invite(token: str, *, lock: bool = False) -> Invite:
    """An invite that can still be accepted; used, expired, revoked or unknown: NOT_FOUND."""
    invites = Invite.objects.select_related("household")
    if lock:
        invites = invites.select_for_update(of=("self",))
    invite = invites.filter(token_hash=token_hash(token), used_at__isnull=True,
                            revoked_at__isnull=True, expires_at__gt=timezone.now()).first()
    if invite is None:
        raise NotFound("Invitation not found.")
    return invite
