"""Search in every language: a word is found through its other inflections in French,
Spanish, Russian and Arabic, and Chinese inside a sentence written without spaces. Runs on
whichever database the suite runs on; run it on both."""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.search import search_ids, search_ranked
from rectrack.recommendations.search.languages import detect, indexed_text
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db

ENGLISH = "Abolish the death penalty for all crimes."


def found(query: str) -> set[int]:
    return set(Recommendation.objects.filter(pk__in=search_ids(query)).values_list("pk", flat=True))


def make(*texts: str) -> list[int]:
    return [make_recommendation(text=text).pk for text in texts]


def test_french_words_are_found_through_their_other_forms_and_without_accents():
    tortures, ratified, journalists, _ = make(
        "Enquêter sur toutes les allégations de tortures et de mauvais traitements dans les "
        "lieux de détention.",
        "Mettre en œuvre la Convention relative aux droits de l'enfant, que l'État a ratifiée.",
        "Protéger les journalistes et les défenseurs des droits de l'homme contre les "
        "représailles.",
        ENGLISH,
    )
    assert found("torture") == {tortures}
    assert found("ratifier") == {ratified}
    assert found("journaliste") == {journalists}
    assert found("etat") == found("ÉTAT") == {ratified}
    assert found("detention") == {tortures}
    assert found('"droits de l\'homme"') == {journalists}
    assert found("journalis*") == {journalists}
    assert found("droits -enfant") == {journalists}
    assert found("réfugiés") == set()


def test_spanish_words_are_found_through_their_other_forms():
    tortures, girls, journalists, _ = make(
        "Investigar todas las denuncias de torturas y malos tratos contra las personas "
        "detenidas en la prisión.",
        "Proteger a las niñas contra el matrimonio infantil y la explotación.",
        "Garantizar que los periodistas puedan ejercer su labor sin temor a represalias.",
        ENGLISH,
    )
    assert found("investigaciones") == {tortures}
    assert found("detenidos") == {tortures}
    assert found("tortura") == {tortures}
    assert found("niños") == found("ninos") == {girls}
    assert found("periodista") == {journalists}
    assert found("prisiones") == {tortures}
    assert found("refugiados") == set()


def test_russian_words_are_found_through_their_other_case_endings():
    torture, violence, journalists, _ = make(
        "Положить конец пыткам и жестокому обращению в местах лишения свободы.",
        "Принять всеобъемлющий закон о борьбе с насилием в отношении женщин.",
        "Освободить всех журналистов, задержанных за их профессиональную деятельность.",
        ENGLISH,
    )
    assert found("пытки") == found("Пытки") == {torture}
    assert found("насилие") == {violence}
    assert found("журналисты") == {journalists}
    assert found("пытки OR насилие") == {torture, violence}
    assert found("беженцев") == set()


def test_arabic_words_are_found_with_or_without_article_and_vowel_marks():
    torture, children, journalists, _ = make(
        "التحقيق في جميع ادعاءات التعذيب وسوء المعاملة في أماكن الاحتجاز.",
        "حماية الأطفال من جميع أشكال العنف والاستغلال.",
        "حماية الصحفيين والمدافعين عن حقوق الإنسان من الأعمال الانتقامية.",
        ENGLISH,
    )
    assert found("تعذيب") == {torture}
    assert found("التَّعْذِيب") == {torture}
    assert found("للأطفال") == {children}
    assert found("حماية") == {children, journalists}
    assert found("حماية -الأطفال") == {journalists}
    assert found("اللاجئين") == set()


def test_chinese_words_are_found_inside_sentences_without_spaces():
    torture, children, journalists, _ = make(
        "批准《禁止酷刑和其他残忍、不人道或有辱人格的待遇或处罚公约》。",
        "采取措施保护儿童免受一切形式的暴力。",
        "确保记者能够自由开展工作，不受报复。",
        ENGLISH,
    )
    assert found("酷刑") == {torture}
    assert found("禁止酷刑") == {torture}
    assert found('"禁止酷刑"') == {torture}
    assert found("刑") == {torture}  # one character, at the end of a longer word
    assert found("儿童") == {children}
    assert found("酷刑 OR 记者") == {torture, journalists}
    assert found("酷刑 -公约") == set()
    assert found("酷禁") == set()  # both characters are there, but not one after the other
    assert found("难民") == set()


def test_a_word_is_ranked_by_how_often_the_text_says_it_in_any_language():
    once, thrice = make(
        "Prévenir la torture dans les prisons.",
        "Prévenir la torture, punir la torture et réparer les victimes de la torture.",
    )
    qs = Recommendation.objects.filter(pk__in=search_ids("torture"))
    assert list(search_ranked(qs, "torture").values_list("pk", flat=True)) == [thrice, once]


def test_bulk_writes_in_other_languages_are_in_sync():
    document = make_document()
    created = Recommendation.objects.bulk_create(
        [
            Recommendation(document=document, reference="1", text="Запретить пытки в тюрьмах."),
            Recommendation(document=document, reference="2", text="Interdire la torture."),
        ]
    )
    assert found("пыткам") == {created[0].pk}
    Recommendation.objects.filter(pk=created[0].pk).update(text="保护儿童免受暴力。")
    assert found("пыткам") == set()
    assert found("儿童") == {created[0].pk}
    created[1].text = "Ратифицировать Конвенцию о правах ребенка."
    Recommendation.objects.bulk_update([created[1]], ["text"])
    assert found("конвенции") == {created[1].pk}
    assert found("torture") == set()


def test_english_search_is_unchanged_by_the_other_languages():
    ratify, penalty = make("Ratify the Convention against Torture.", ENGLISH)
    assert found("ratification") == {ratify}
    assert found("the death penalty") == {penalty}
    assert found('"penalty death"') == set()


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Ratify the Optional Protocol to the Convention against Torture."),
        ("fr", "Ratifier le Protocole facultatif se rapportant à la Convention contre la torture."),
        ("es", "Ratificar el Protocolo Facultativo de la Convención contra la Tortura."),
        ("ru", "Ратифицировать Факультативный протокол к Конвенции против пыток (OPCAT)."),
        ("ar", "التصديق على البروتوكول الاختياري لاتفاقية مناهضة التعذيب (OPCAT)."),
        ("zh", "批准《禁止酷刑公约任择议定书》(OPCAT)。"),
        ("es", "Ratificar la Convención."),  # no common word, but a letter of its own
        ("fr", "ÉLÈVES ÂGÉS"),  # capitals too
        ("en", "121.1"),
        ("en", ""),
    ],
)
def test_the_language_of_a_text_is_read_from_its_script_and_common_words(language, text):
    assert detect(text) == language
    if connection.vendor == "postgresql":  # the trigger's twin of detect says the same
        with connection.cursor() as cursor:
            cursor.execute("SELECT rectrack_language(%s)", [text])
            assert cursor.fetchone()[0] == language


FRENCH_OPENING = (
    "Le Comité recommande que l'État partie prenne des mesures pour les droits des femmes et "
    "des enfants dans les régions rurales. "
) * 3
ENGLISH_REST = (
    "The Committee recommends that the State party take all the measures to ensure the "
    "rights of women and of children in the rural areas. "
) * 6


def test_the_language_is_read_from_the_first_300_characters_only():
    """A long text is told by its first fifty words or so, on both databases: the rest, in
    another language, is not read (it would tell English)."""
    text = FRENCH_OPENING[:300] + ENGLISH_REST
    assert detect(text) == "fr"
    assert detect(FRENCH_OPENING[:300] + ENGLISH_REST, sample_size=1000) == "en"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT rectrack_language(%s)", [text])
            assert cursor.fetchone()[0] == "fr"


@given(st.text(max_size=300))
def test_indexing_any_text_never_raises(text):
    assert isinstance(indexed_text(text), str)


_SPELLED = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzÉéàñ¿ЖжاБ禁 '.,-_0\n")), max_size=60
)
_WORDS = st.sampled_from(["the ", "of ", "le ", "les ", " d'", " l'", "el ", "los ", "para "])


@given(st.lists(st.one_of(_SPELLED, _WORDS), max_size=30).map("".join))
def test_the_common_words_are_counted_as_whole_words_of_the_text(text):
    """What detect() counts, read as the rule says: each language's common words matched
    as whole words (the PostgreSQL twin's \\m...\\M), the script's letters before them."""
    import re

    from rectrack.recommendations.search import languages

    sample = text[: languages.SAMPLE]
    scripts = [
        len(re.findall(f"[{letters}]", sample))
        for letters in (languages.CYRILLIC, languages.ARABIC_LETTERS, languages.CJK)
    ]
    most = max(scripts[0], scripts[1], scripts[2] * languages.CJK_WEIGHT)
    if most and len(re.findall(f"[{languages.LATIN}]", sample)) < most:
        expected = ("ru", "ar", "zh")[[scripts[0], scripts[1], scripts[2] * 3].index(most)]
    else:
        lowered = sample.lower()
        counts = {
            language: len(re.findall(r"\b(?:" + "|".join(words.split()) + r")\b", lowered))
            for language, words in languages.COMMON_WORDS.items()
        }
        if not any(counts.values()):
            for language, letters in languages.OWN_LETTERS.items():
                counts[language] = len(re.findall(f"[{letters}]", lowered))
        expected = max(counts, key=counts.get)
    assert detect(text) == expected
