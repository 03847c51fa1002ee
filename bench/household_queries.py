"""Queries per request as a user's number of households grows (issue 13's figure).

Run: .venv/bin/python bench/household_queries.py [--households 1 3 10]
Uses the configured database (TRACKTORY_DATA_DIR's SQLite or DATABASE_URL); it makes a
throwaway user, prints the queries each endpoint runs, and deletes the user again.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EMAIL = "household-queries@bench.example"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, nargs="+", default=[1, 3, 10])
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracktory.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from households import services as households
    from inventory import services

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    User = get_user_model()
    User.objects.filter(email=EMAIL).delete()
    user = User.objects.create_user(email=EMAIL, password=None, name="Bench")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    item = services.item_create(user=user, name="Drill 0")

    def queries(method: str, path: str, body=None) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 200, response.content  # noqa: S101
        return len(captured)

    try:
        have = 1
        print(f"{'households':>10} {'GET items':>10} {'GET search':>11} {'PATCH item':>11}")
        for wanted in sorted(args.households):
            while have < wanted:
                household = households.household_create(user=user, name=f"H{have}")
                for n in range(5):
                    services.item_create(user=user, name=f"Drill {have}.{n}",
                                         household_id=household.id)
                have += 1
            print(f"{wanted:>10} {queries('get', '/api/items'):>10} "
                  f"{queries('get', '/api/search?q=drill&limit=5'):>11} "
                  f"{queries('patch', f'/api/items/{item.id}', {'name': f'D{wanted}'}):>11}")
    finally:
        User.objects.filter(email=EMAIL).delete()


if __name__ == "__main__":
    main()
