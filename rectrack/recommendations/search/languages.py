"""The languages of recommendations, for search and similarity: which language a text is in,
each language's stemming, and words of scripts written without spaces.

A recommendation's language is not stored: it is read from its text, cheaply and the same
way every time. The script with most letters decides (Cyrillic: Russian, Arabic: Arabic,
Han or kana: Chinese); a text in Latin script is English, French or Spanish by which
language's commonest words it uses most (in a text with none of them, by the letters only
French or only Spanish writes; English when none). Migration
0010_search_in_every_language writes the same rule in SQL for PostgreSQL's trigger; a test
holds the two together.

Chinese (and Japanese) is written without spaces, so a run of such characters is indexed as
each character followed by the pair it ends: 禁止酷刑 becomes 禁 禁止 止 止酷 酷 酷刑 刑. Any
part of the run, one character or several, is then a phrase of the same pattern: 酷刑 is
酷 酷刑 刑, found inside 禁止酷刑 as on its own.
"""

import collections
import functools
import re
import threading

import snowballstemmer

ENGLISH, FRENCH, SPANISH, RUSSIAN, ARABIC, CHINESE = "en", "fr", "es", "ru", "ar", "zh"
LANGUAGES = (ENGLISH, FRENCH, SPANISH, RUSSIAN, ARABIC, CHINESE)
# Languages stemmed here. English is stemmed by each database's own English stemmer (FTS5's
# porter, PostgreSQL's english), as it always was; Chinese is not stemmed.
SNOWBALL = {FRENCH: "french", SPANISH: "spanish", RUSSIAN: "russian", ARABIC: "arabic"}

LATIN = "a-zA-Z\u00c0-\u024f"
CYRILLIC = "\u0400-\u04ff"
ARABIC_LETTERS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
CJK_WEIGHT = 3  # one Chinese character says about as much as three letters
# The stemmed languages each script's words are searched in (besides English, always).
SCRIPT_LANGUAGES = ((LATIN, (FRENCH, SPANISH)), (CYRILLIC, (RUSSIAN,)), (ARABIC_LETTERS, (ARABIC,)))

COMMON_WORDS = {
    ENGLISH: "the of and to in for on with its that by all are is be this from",
    FRENCH: "le les des du et aux au dans pour sur une est qui ces d l",
    SPANISH: "el los las del y para con una por su sus al se lo como",
}
# A short text may have none of those words: then the letters only one of them writes.
OWN_LETTERS = {FRENCH: "àâçèêëîïôœùû", SPANISH: "áíóúñ¿¡"}
# Each common word and its language (no word is common to two), counted among a text's words.
_COMMON = {word: language for language, words in COMMON_WORDS.items() for word in words.split()}
assert len(_COMMON) == sum(len(words.split()) for words in COMMON_WORDS.values())
_TOKEN = re.compile(r"\w+")  # a word as \b sees one: the common words are whole tokens
_OWN = {language: re.compile(f"[{letters}]") for language, letters in OWN_LETTERS.items()}
# Characters read to tell the language: some fifty words, which tell it as well as a whole
# page does (1,000 until migration 0018, which cost a long text three times as much).
SAMPLE = 300
_SCRIPTS = [re.compile(f"[{letters}]") for letters in (CYRILLIC, ARABIC_LETTERS, CJK)]
_ANY_SCRIPT = re.compile(f"[{CYRILLIC}{ARABIC_LETTERS}{CJK}]")
_LATIN = re.compile(f"[{LATIN}]")
_CJK_RUN = re.compile(f"[{CJK}]+")
_SCRIPT_LANGUAGES = [(re.compile(f"[{letters}]"), found) for letters, found in SCRIPT_LANGUAGES]
# Vowel marks (harakat), Quranic marks and the tatweel: written or not, the same word.
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)])
# A word as SQLite's unicode61 tokenizer sees one: letters and digits, no underscore.
WORD = re.compile(r"[^\W_]+")


def detect(text: str, *, sample_size: int = SAMPLE) -> str:
    """The language of a text (one of LANGUAGES); English when nothing says otherwise. Only
    the beginning is read, which says it as well as the whole and bounds the cost (the
    PostgreSQL twin runs in the trigger of every write). Latin letters are counted only when
    another script is there."""
    sample = text[:sample_size]
    if not sample.isascii() and _ANY_SCRIPT.search(sample):  # else no letter of the three
        cyrillic, arabic, cjk = (len(script.findall(sample)) for script in _SCRIPTS)
        most = max(cyrillic, arabic, cjk * CJK_WEIGHT)
        if len(_LATIN.findall(sample)) < most:
            return RUSSIAN if cyrillic == most else ARABIC if arabic == most else CHINESE
    lowered = sample.lower()
    words = collections.Counter(_TOKEN.findall(lowered))
    counts = dict.fromkeys(COMMON_WORDS, 0)
    for word, language in _COMMON.items():
        counts[language] += words[word]
    if not any(counts.values()):
        counts.update((language, len(own.findall(lowered))) for language, own in _OWN.items())
    return max(counts, key=counts.get)  # on a tie the first: English, then French


def script_languages(text: str) -> tuple[str, ...]:
    """The stemmed languages whose script the text has letters of: the languages a searched
    word is tried in, whatever the language of the recommendations searched."""
    return tuple(
        language
        for script, languages in _SCRIPT_LANGUAGES
        if script.search(text)
        for language in languages
    )


def strip_arabic_marks(text: str) -> str:
    return text.translate(_ARABIC_MARKS)


def spread_cjk(text: str) -> str:
    """Every run of characters written without spaces as characters and pairs (see above),
    set apart by spaces; the rest of the text unchanged."""
    return _CJK_RUN.sub(lambda run: f" {_spread(run.group())} ", text)


def _spread(run: str) -> str:
    return " ".join([run[0], *(f"{run[i - 1 : i + 1]} {run[i]}" for i in range(1, len(run)))])


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None


_stemmers = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


@functools.lru_cache(maxsize=100_000)
def stem(word: str, language: str) -> str:
    """The word's stem in a language of SNOWBALL, lowercased (accents kept: French and
    Spanish stem better with them; the databases fold them after stemming)."""
    word = word.lower()
    if language == RUSSIAN:
        word = word.replace("ё", "е")
    stemmers = _stemmers.__dict__
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(SNOWBALL[language])
    return stemmers[language].stemWord(word)


def stem_words(text: str, language: str) -> str:
    """The text with each word replaced by its stem (the rest left as it is)."""
    return WORD.sub(lambda word: stem(word.group(), language), text)


def indexed_text(text: str | None) -> str:
    """The text as SQLite's index holds it: each word stemmed in the text's language (English
    words are left to FTS5's porter stemmer), Arabic marks dropped, Chinese spread."""
    text = text or ""
    language = detect(text)
    if text.isascii():  # no Arabic marks, no Chinese: most texts, told apart at once
        return stem_words(text, language) if language in SNOWBALL else text
    text = strip_arabic_marks(text)
    if has_cjk(text):
        text = spread_cjk(text)
    return stem_words(text, language) if language in SNOWBALL else text
