"""Normalisation: lemmas and stems, stop words, elisions, accents, case, noise."""

from __future__ import annotations

import pytest

from nlp.preprocess import Normalizer, NormalizerConfig, clean_text, make_pipeline, strip_accents


@pytest.fixture(scope="module")
def norm() -> Normalizer:
    return Normalizer()


def test_lemmatizers_fix_lookup_errors() -> None:
    # the errors of spaCy's lookup table quoted in the issue
    norm = Normalizer(NormalizerConfig(lemmatizer="simplemma"))
    assert norm.lemma("servizi") == "servizio"
    assert norm.lemma("ricerca") == "ricerca"
    assert norm.lemma("consumo") == "consumo"


def test_inflections_share_a_feature(norm: Normalizer) -> None:
    assert norm.feature("servizi") == norm.feature("servizio")
    assert norm.feature("scuole") == norm.feature("scuola")
    assert norm.feature("trasporti") == norm.feature("trasporto")
    assert norm.feature("pubblici") == norm.feature("pubblica")


def test_function_words_removed_and_no_domain_list(norm: Normalizer) -> None:
    # no list of this platform's own words: the corpus tells its boilerplate (docs/nlp.md)
    feats = norm.tokenize("La Città metropolitana di Milano e i Comuni per il trasporto")
    assert norm.feature("trasporto") in feats and norm.feature("milano") in feats
    assert norm.feature("la") is None and norm.feature("per") is None


def test_a_corpus_stop_word_takes_its_inflections() -> None:
    norm = Normalizer(NormalizerConfig(extra_stop_words=("Terremoto",)))
    assert norm.tokenize("il terremoto e i terremoti, TERREMOTATI aiutati") == [norm.feature("aiutati")]


def test_web_addresses_and_placeholders_are_not_words(norm: Normalizer) -> None:
    text = (
        "Scrivete a mario.rossi@gmail.com o [email], info su https://goo.gl/x e www.comune.it; tel [telefono]"
    )
    feats = norm.tokenize(text)
    for noise in ("gmail", "com", "goo", "https", "www", "email", "telefono", "rossi"):
        assert norm.feature(noise) not in feats, noise
    assert norm.feature("scrivete") in feats and norm.feature("info") in feats


def test_content_words_of_spacy_stop_list_are_kept(norm: Normalizer) -> None:
    # spaCy lists "casa" and "lavoro" as stop words; here they are themes
    assert norm.feature("casa") is not None
    assert norm.feature("lavoro") is not None


@pytest.mark.parametrize("text", ["dell'area", "dell’area", "DELL'AREA", "nell'area"])
def test_elisions_split(norm: Normalizer, text: str) -> None:
    assert norm.tokenize(text) == [norm.feature("area")]


def test_shouting_accents_and_emphasis(norm: Normalizer) -> None:
    calm = norm.tokenize("la città ha bisogno di autobus")
    assert norm.tokenize("LA CITTA' HA BISOGNO DI AUTOBUSSS!!!") == calm
    assert strip_accents("perché città") == "perche citta"


def test_noise_is_a_separator(norm: Normalizer) -> None:
    text = "piste\x07ciclabili 🚲🚲 #mobilità\u200b 2024 ﬁbra"
    feats = norm.tokenize(text)
    assert norm.feature("piste") in feats and norm.feature("ciclabili") in feats
    assert norm.feature("mobilità") in feats
    assert norm.feature("fibra") in feats  # NFKC turns the ligature into "fi"
    assert clean_text("ABC") == "abc"


def test_unusable_texts_give_no_features(norm: Normalizer) -> None:
    for text in ["", "   ", "!!! ... ???", "12 34 56", "🙂🙂", "e di il la"]:
        assert norm.tokenize(text) == []


def test_type_error_on_non_string(norm: Normalizer) -> None:
    with pytest.raises(TypeError):
        norm.tokenize(None)  # type: ignore[arg-type]


def test_spacy_pipeline_matches_bulk_path(dev_rows: list[dict]) -> None:
    nlp = make_pipeline()
    bulk = Normalizer()
    for row in dev_rows:
        assert nlp(row["text"])._.features == bulk.tokenize(row["text"]), row["id"]


def test_pipeline_sets_lemmas() -> None:
    doc = make_pipeline(NormalizerConfig(lemmatizer="simplemma"))("I servizi di trasporto")
    assert [t.lemma_ for t in doc] == ["il", "servizio", "di", "trasporto"]
    assert doc._.features == [Normalizer().feature("servizi"), Normalizer().feature("trasporto")]


def test_other_lemmatizers_selectable() -> None:
    lookup = Normalizer(NormalizerConfig(lemmatizer="spacy-lookup", stem=False))
    assert lookup.lemma("servizi") == "servizio"  # our fix over the lookup table
    assert lookup.lemma("consumo") == "consumo"
    assert lookup.feature("ricerca") == "ricerca"
    with pytest.raises(ValueError):
        Normalizer(NormalizerConfig(lemmatizer="nope"))
