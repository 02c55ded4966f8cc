"""Refusals the API answers with a 400 naming each field (api.api turns them into
the answer)."""


class Invalid(Exception):
    """Input the forms refused: {the API's field name: [messages]}."""

    def __init__(self, errors, detail="Some values were refused; nothing was saved."):
        super().__init__(detail)
        self.detail, self.errors = detail, errors

    @classmethod
    def of(cls, form, **kwargs):
        """The refusal of a bound form whose fields the API names as the form does."""
        return cls({name: list(messages) for name, messages in form.errors.items()}, **kwargs)
