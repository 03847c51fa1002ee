import uuid

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_users_have_uuid_ids_and_sign_in_with_email(make_user):
    user = make_user("Ada@Example.com", name="Ada Lovelace", avatar_url="https://x.test/a.png",
                     preferences={"currency": "EUR"})

    assert isinstance(user.id, uuid.UUID)
    assert user.email == "ada@example.com"
    assert user.get_username() == "ada@example.com"
    assert authenticate(username="ADA@example.com", password=PASSWORD) == user
    assert get_user_model().objects.get(pk=user.pk).preferences == {"currency": "EUR"}


def test_email_is_unique(make_user):
    make_user("ada@example.com")
    with pytest.raises(IntegrityError):
        make_user("ada@example.com")


def test_superuser_can_use_admin(django_user_model):
    admin = django_user_model.objects.create_superuser("root@example.com", PASSWORD)

    assert admin.is_staff and admin.is_superuser
    assert admin.has_perm("accounts.change_user")
