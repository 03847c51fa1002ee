"""Household writes: keyword-only and atomic. The rules about members live here.

The last owner can neither leave nor be demoted: every change that could take an owner
away locks the household's owner rows first (`select_for_update`), so two owners demoting
each other at once are serialized and the second finds itself the last one.
"""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from households import selectors
from households.models import Household, Invite, Membership, Role
from tracktory.api.errors import Conflict, Forbidden, NotFound, ValidationFailed

INVITE_LIFETIME = datetime.timedelta(days=7)
OWNERS_ONLY = (Role.OWNER,)


def on_user_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        personal_household_create(user=instance)


def personal_household_create(*, user) -> Household:
    name = (getattr(user, "name", "") or "").strip()
    household = Household.objects.create(name=f"{name}'s home" if name else "My home",
                                         is_personal=True)
    Membership.objects.create(household=household, user=user, role=Role.OWNER)
    return household


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(details={"name": ["This field may not be blank."]})
    return name


@transaction.atomic
def household_create(*, user, name: str) -> Household:
    household = Household.objects.create(name=_clean_name(name))
    Membership.objects.create(household=household, user=user, role=Role.OWNER)
    return household


def _owner_check(*, user, household_id) -> None:
    selectors.check_role(selectors.role_in(user=user, household_id=household_id),
                         allowed=OWNERS_ONLY)


@transaction.atomic
def household_update(*, user, household_id, name: str) -> Household:
    _owner_check(user=user, household_id=household_id)
    household = Household.objects.select_for_update().get(pk=household_id)
    household.name = _clean_name(name)
    household.save(update_fields=["name", "updated_at"])
    return household


def _is_empty(household: Household) -> bool:
    # Reverse relations of the apps whose rows belong to a household (inventory's).
    related = [rel.get_accessor_name() for rel in Household._meta.related_objects
               if rel.related_model not in (Membership, Invite)]
    return not any(getattr(household, name).exists() for name in related)


@transaction.atomic
def household_delete(*, user, household_id, force: bool = False) -> None:
    """Owner only; a personal household never; one holding anything only with `force`.

    Rows of other apps go by cascade; their `pre_delete` receivers (inventory's) clear
    what lives outside the database, such as photo files.
    """
    _owner_check(user=user, household_id=household_id)
    household = Household.objects.select_for_update().get(pk=household_id)
    if household.is_personal:
        raise Forbidden("A personal household cannot be deleted.")
    if not force and not _is_empty(household):
        raise Conflict("The household is not empty; delete it with force=true.",
                       {"force": ["Required to delete a household that holds items."]})
    household.delete()


def _lock_owners(household_id) -> list[Membership]:
    return list(Membership.objects.select_for_update()
                .filter(household_id=household_id, role=Role.OWNER).order_by("id"))


def _member(household_id, member_id) -> Membership:
    membership = (Membership.objects.select_for_update().select_related("user")
                  .filter(household_id=household_id, user_id=member_id).first())
    if membership is None:
        raise NotFound("Member not found.")
    return membership


def _refuse_last_owner(owners: list[Membership], membership: Membership) -> None:
    if membership.role == Role.OWNER and len(owners) <= 1:
        raise Conflict("The last owner can neither leave nor be demoted.",
                       {"role": ["A household needs at least one owner."]})


def _locked_owners_for(*, user, household_id) -> list[Membership]:
    """The household's owner rows, locked, when the caller is one of them: checked under
    the lock, so an owner demoted a moment ago by a rival is refused (403), not obeyed."""
    owners = _lock_owners(household_id)
    if not any(owner.user_id == user.pk for owner in owners):
        _owner_check(user=user, household_id=household_id)
    return owners


@transaction.atomic
def member_update(*, user, household_id, member_id, role: str) -> Membership:
    owners = _locked_owners_for(user=user, household_id=household_id)
    membership = _member(household_id, member_id)
    if role != Role.OWNER:
        _refuse_last_owner(owners, membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def member_remove(*, user, household_id, member_id) -> None:
    """An owner removes anyone; anyone removes themselves."""
    if member_id != user.pk:
        owners = _locked_owners_for(user=user, household_id=household_id)
    else:
        if selectors.role_in(user=user, household_id=household_id) is None:
            raise NotFound("Household not found.")
        owners = _lock_owners(household_id)
    membership = _member(household_id, member_id)
    _refuse_last_owner(owners, membership)
    membership.delete()


@transaction.atomic
def invite_create(*, user, household_id, role: str) -> tuple[Invite, str]:
    """A new single-use invitation and its token (shown once; only its hash is kept)."""
    _owner_check(user=user, household_id=household_id)
    token = secrets.token_urlsafe(32)
    invite = Invite.objects.create(
        token_hash=selectors.token_hash(token), household_id=household_id, role=role,
        created_by=user, expires_at=timezone.now() + INVITE_LIFETIME,
    )
    return invite, token


@transaction.atomic
def invite_revoke(*, user, household_id, token: str) -> None:
    _owner_check(user=user, household_id=household_id)
    updated = Invite.objects.filter(
        household_id=household_id, token_hash=selectors.token_hash(token),
        used_at__isnull=True, revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound("Invitation not found.")


@transaction.atomic
def invite_accept(*, user, token: str) -> Household:
    """Join with the invitation's role. A member already keeps their role and the link."""
    invite = selectors.open_invite(token, lock=True)
    if Membership.objects.filter(household_id=invite.household_id, user_id=user.pk).exists():
        return invite.household
    Membership.objects.create(household_id=invite.household_id, user=user, role=invite.role)
    invite.used_at, invite.used_by = timezone.now(), user
    invite.save(update_fields=["used_at", "used_by"])
    return invite.household
