"""Who can see a scenario: visibility, people, read-only links."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Scenario


class VisibilityForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["visibility"]
        widgets = {"visibility": forms.RadioSelect}
        labels = {"visibility": "Who can see it"}


class ShareWithUserForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
    can_edit = forms.TypedChoiceField(
        label="Rights",
        choices=[("view", "Can view"), ("edit", "Can edit")],
        coerce=lambda value: value == "edit",
        initial="view",
    )

    def __init__(self, *args, owner_id, **kwargs):
        """owner_id: the owner of what is shared (a scenario or a pipeline)."""
        super().__init__(*args, **kwargs)
        self.owner_id = owner_id

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError("No user has that username.")
        if user.pk == self.owner_id:
            raise ValidationError("That is the owner; they can already do everything.")
        self.user = user
        return username


class ShareLinkForm(forms.Form):
    expires_on = forms.DateField(
        label="Expires on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The link stops working at the start of this day (UTC). Leave empty for no expiry.",
    )

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on and expires_on <= timezone.localdate():
            raise ValidationError("Pick a day after today.")
        return expires_on
