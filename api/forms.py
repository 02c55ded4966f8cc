from datetime import timedelta

from django import forms
from django.utils import timezone

from core.text import no_control_characters_in_a_line

from .models import ApiToken

LIFETIMES = [("", "Never"), ("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year")]


class NewTokenForm(forms.Form):
    name = ApiToken._meta.get_field("name").formfield(
        label="What is it for?",
        validators=[no_control_characters_in_a_line],
        error_messages={"required": "Name the token, e.g. “Notebook on my laptop”."},
    )
    expires = forms.ChoiceField(label="Expires", choices=LIFETIMES, required=False)

    @property
    def expires_at(self):
        days = self.cleaned_data.get("expires")
        return timezone.now() + timedelta(days=int(days)) if days else None
