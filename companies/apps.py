from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = "Companies and supply relationships"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
