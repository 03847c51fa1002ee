from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "Households"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from households import services

        # Every way a user comes to exist (sign-up, admin, createsuperuser, tests) gives
        # them a personal household in the same transaction.
        post_save.connect(services.on_user_saved, sender=get_user_model(),
                          dispatch_uid="households-personal")
