from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "scenarios"

    def ready(self):
        from .audit import connect_signals

        connect_signals()
