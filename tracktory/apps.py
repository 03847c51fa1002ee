from django.apps import AppConfig


class TracktoryConfig(AppConfig):
    name = "tracktory"
    verbose_name = "Tracktory"
