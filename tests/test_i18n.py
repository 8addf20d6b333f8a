"""Tests of the translation catalogues under ui/locales/: same files, same keys, same placeholders."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

from ui import i18n

LOCALES = i18n.LOCALES
REFERENCE = i18n.DEFAULT_LANGUAGE
TRANSLATIONS = [lang for lang in i18n.LANGUAGES if lang != REFERENCE]
ENGLISH_FILES = sorted(path.name for path in (LOCALES / REFERENCE).glob("*.json"))


def load(path: Path) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in a format string."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_english_catalogue_exists() -> None:
    assert ENGLISH_FILES, "no English catalogue files"


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_all_files_are_valid_json_objects_of_strings(lang: str) -> None:
    files = sorted((LOCALES / lang).glob("*.json"))
    assert files, f"no catalogue files for {lang}"
    for path in files:
        data = load(path)  # raises on invalid JSON
        assert isinstance(data, dict), path
        for key, value in data.items():
            assert isinstance(value, str) and value.strip(), f"{path.name}: {key} is empty or not a string"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_same_files_as_english(lang: str) -> None:
    assert sorted(path.name for path in (LOCALES / lang).glob("*.json")) == ENGLISH_FILES


@pytest.mark.parametrize("name", ENGLISH_FILES)
@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_same_keys_as_english(lang: str, name: str) -> None:
    english = load(LOCALES / REFERENCE / name)
    path = LOCALES / lang / name
    assert path.exists(), f"{lang}/{name} is missing"
    translated = load(path)
    assert set(translated) - set(english) == set(), f"{lang}/{name}: keys not in English"
    assert set(english) - set(translated) == set(), f"{lang}/{name}: untranslated keys"


@pytest.mark.parametrize("name", ENGLISH_FILES)
@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_same_placeholders_as_english(lang: str, name: str) -> None:
    english = load(LOCALES / REFERENCE / name)
    path = LOCALES / lang / name
    if not path.exists():
        pytest.fail(f"{lang}/{name} is missing")
    for key, text in load(path).items():
        if key in english:
            assert placeholders(text) == placeholders(english[key]), f"{lang}/{name}: {key}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_placeholders_can_be_filled(lang: str) -> None:
    for key, text in i18n.catalogue(lang).items():
        values = {name: "x" for name in placeholders(text)}
        assert isinstance(i18n.t(key, lang, **values), str)


def test_dutch_differs_from_english() -> None:
    assert i18n.t("nav.compare", "nl") != i18n.t("nav.compare", "en")
    assert i18n.t("nav.compare", "nl").strip()
