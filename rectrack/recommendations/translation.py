"""The fields django-modeltranslation keeps in each language of settings.LANGUAGES, one
column per language on the model's own table (translated_name_ar ... translated_name_zh_hans):
rows read with their names in every language, so no page or export pays a query for them.

Only the `translated_*` fields are registered: `name`, `title` and `short_title` stay the
label as imported or seeded (imports match and write it; it is the fallback). The models'
`display_*` properties pick the active language's value or that label."""

from modeltranslation.translator import TranslationOptions, register

from rectrack.recommendations.models import AffectedGroup, Mechanism, SdgGoal, SdgTarget, Theme


@register(Mechanism)
@register(Theme)
@register(AffectedGroup)
class NameOptions(TranslationOptions):
    fields = ("translated_name",)


@register(SdgGoal)
class SdgGoalOptions(TranslationOptions):
    fields = ("translated_title", "translated_short_title")


@register(SdgTarget)
class SdgTargetOptions(TranslationOptions):
    fields = ("translated_title",)
