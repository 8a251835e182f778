"""Framing: naming choices, keywords in context, word frequencies, collocations, distinctive words (log-odds) and tone.

Names of places are counted from the gazetteer's mentions (so every spelling of Stepanakert
counts as Stepanakert, and the name chosen is the surface form); other terms are regular
expressions on the clean text. Both come from `data/lexicons/framing_terms.csv`. A term
inside quotation marks is the speaker's word, outside it is the writer's; the tables keep both.

For word counts the text is tokenised with NLTK, every gazetteer name becomes its entity id
(one token, whatever the spelling), stopwords go and the rest is lemmatised with NLTK's WordNet
lemmatiser (as `newsfigures.lemmas` runs it) using the part of speech from NLTK's tagger.
Fixed phrases whose words mean nothing alone ("de facto", "status quo") are joined into one
token ("de_facto") by NLTK's MWETokenizer, from `data/lexicons/multiword_expressions.csv`.
Phrases that are framing choices ("ethnic cleansing") are counted by the naming table instead,
so their words still count one by one here.
Distinctive words are the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
and Quinn 2008, "Fightin' Words", eq. 22 and 24):

    delta_w = log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
    var(delta_w) ~= 1 / (y_i + a_w) + 1 / (y_j + a_w);   z_w = delta_w / sqrt(var)

where i is one article, j the other articles together, and the prior a_w is the word's count
in the whole corpus (times `prior_scale`), a_0 the sum of the a_w.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsfigures.attribution import quote_spans
from newsfigures.gazetteer import Gazetteer
from newsfigures.lemmas import wordnet_lemmas
from newsfigures.lexicons import lexicon_rows
from newsfigures.sentences import Sentence, punkt_tokenizer, split_sentences

SOURCES = ("mentions", "text")
NEGATIVE, POSITIVE = -0.05, 0.05  # VADER's usual thresholds on the compound score


@dataclass(frozen=True)
class Term:
    """A naming choice to count: found among the gazetteer mentions of some entities, or by a pattern in the text."""

    dimension: str
    term: str
    stance: str
    source: str
    entity_ids: tuple[str, ...]
    pattern: re.Pattern[str]
    reason: str


def load_terms(path: Path, gazetteer: Gazetteer | None = None) -> list[Term]:
    """The framing terms of a CSV file (dimension, term, stance, source, entity_id, pattern, reason), in file order.

    With `gazetteer`, a `mentions` term's entity ids must be its entities (a misspelt one counts nothing).
    """
    terms = []
    columns = ("dimension", "term", "stance", "source", "entity_id", "pattern")
    for number, row in lexicon_rows(path, columns, reason="why the term is a framing choice",
                                    filled=("dimension", "term", "source", "pattern")):
        if row["source"] not in SOURCES:
            raise ValueError(f"{path} row {number}: source '{row['source']}' unknown; valid: {', '.join(SOURCES)}")
        entity_ids = tuple(e for e in row["entity_id"].split("|") if e)
        if row["source"] == "mentions" and not entity_ids:
            raise ValueError(f"{path} row {number}: a 'mentions' term needs entity_id (gazetteer ids joined by |)")
        if gazetteer is not None:
            gazetteer.require_ids(entity_ids, f"{path} row {number}")
        flags = 0 if row["source"] == "mentions" else re.IGNORECASE
        try:
            pattern = re.compile(row["pattern"], flags)
        except re.error as error:
            raise ValueError(f"{path} row {number}: pattern is not a valid regular expression ({error})") from None
        terms.append(Term(row["dimension"], row["term"], row["stance"], row["source"], entity_ids, pattern, row["reason"]))
    return terms


def load_expressions(path: Path) -> tuple[tuple[str, ...], ...]:
    """The multiword expressions of a CSV file (expression, reason) as tuples of lower-case words.

    An expression is matched against lemmas, so write its words as they are lemmatised
    (lower case; "de facto", not "De Facto").
    """
    expressions = []
    for number, row in lexicon_rows(path, ("expression",), reason="why the words are one expression", filled=("expression",)):
        words = tuple(row["expression"].split())
        if len(words) < 2 or not all(re.fullmatch(r"[a-z][a-z'-]*", w) for w in words):
            raise ValueError(f"{path} row {number}: expression '{row['expression']}' must be two or more "
                             "lower-case words separated by spaces")
        expressions.append(words)
    return tuple(expressions)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < position < b for a, b in spans)


def term_matches(texts: dict[str, str], mentions: "pd.DataFrame", terms: list[Term]) -> "pd.DataFrame":  # noqa: F821
    """Every occurrence of every term: doc_id, dimension, term, char_start, char_end, surface, in_quote.

    `mentions` is `data/processed/mentions.csv` (doc_id, char_start, char_end, surface, entity_id).
    """
    import pandas as pd

    rows = []
    for doc_id, text in texts.items():
        spans = quote_spans(text)
        doc_mentions = mentions[mentions["doc_id"] == doc_id]
        for term in terms:
            if term.source == "mentions":
                found = [
                    (int(m.char_start), int(m.char_end), m.surface)
                    for m in doc_mentions.itertuples()
                    if m.entity_id in term.entity_ids and term.pattern.search(m.surface)
                ]
            else:
                found = [(m.start(), m.end(), m.group(0)) for m in term.pattern.finditer(text)]
            for start, end, surface in found:
                rows.append({"doc_id": doc_id, "dimension": term.dimension, "term": term.term, "stance": term.stance,
                             "char_start": start, "char_end": end, "surface": surface, "in_quote": _inside(start, spans)})
    columns = ["doc_id", "dimension", "term", "stance", "char_start", "char_end", "surface", "in_quote"]
    return pd.DataFrame(rows, columns=columns)


def word_count(text: str) -> int:
    """Words in a text (runs of letters and digits).

    >>> word_count("Nagorno-Karabakh's 25 dead")
    5
    """
    return len(re.findall(r"\w+", text))


def naming_table(matches: "pd.DataFrame", terms: list[Term], words: dict[str, int]) -> "pd.DataFrame":  # noqa: F821
    """`framing_naming.csv`: each term's count per article (zeros included), in and out of quotations, per 1,000 words.

    `surfaces` lists the forms counted; `within_longer_names` those of them in which a place's
    name is part of a longer name ("Artsakh Defense Army" counts for Artsakh: the writer chose
    that name for the region in naming its army), so that a count can be checked against
    mentions of the place alone.
    """
    import pandas as pd

    rows = []
    for term in terms:
        for doc_id, total_words in words.items():
            part = matches[(matches["doc_id"] == doc_id) & (matches["term"] == term.term)]
            count = len(part)
            quoted = int(part["in_quote"].sum()) if count else 0
            surfaces = sorted(set(part["surface"])) if count else []
            rows.append({
                "doc_id": doc_id, "dimension": term.dimension, "term": term.term, "stance": term.stance,
                "count": count, "in_quotes": quoted, "in_narration": count - quoted,
                "per_1000_words": round(1000 * count / total_words, 2) if total_words else 0.0,
                "surfaces": "; ".join(surfaces),
                "within_longer_names": "; ".join(s for s in surfaces if term.source == "mentions" and not term.pattern.fullmatch(s)),
            })
    return pd.DataFrame(rows)


def kwic_selection(wanted: str, terms: Sequence[Term], fallback: int = 5) -> tuple[list[str], str]:
    """The terms of `wanted` ("a; b") to show in context, and a note when some are not in `terms`.

    A corpus with its own framing_terms.csv and the project's default `kwic_terms` would show an empty
    table without a word; instead the note names what is missing and the file's first terms are shown.

    >>> from newsfigures.framing import Term
    >>> terms = [Term("d", name, "", "text", (), re.compile(name), "") for name in ("quake", "aftershock")]
    >>> kwic_selection("quake; separatists", terms)
    (['quake'], "kwic_terms: 'separatists' is not a term of framing_terms.csv; set kwic_terms to terms of its `term` column")
    >>> kwic_selection("separatists", terms)[0]
    ['quake', 'aftershock']
    """
    known = [t.term for t in terms]
    asked = [name.strip() for name in wanted.split(";") if name.strip()]
    missing = [name for name in asked if name not in known]
    shown = [name for name in asked if name in known]
    if not missing:
        return shown, ""
    note = (f"kwic_terms: {', '.join(repr(m) for m in missing)} "
            f"{'is not a term' if len(missing) == 1 else 'are not terms'} of framing_terms.csv; "
            "set kwic_terms to terms of its `term` column")
    if not shown:
        shown = known[:fallback]
        note += f"; shown instead: the file's first {len(shown)}"
    return shown, note


def kwic_table(texts: dict[str, str], matches: "pd.DataFrame", width: int = 40) -> "pd.DataFrame":  # noqa: F821
    """Keyword in context: `width` characters either side of each occurrence, on one line."""
    import pandas as pd

    rows = []
    for match in matches.sort_values(["term", "doc_id", "char_start"], kind="mergesort").itertuples():
        text = texts[match.doc_id]
        left = text[max(0, match.char_start - width):match.char_start].replace("\n", " ")
        right = text[match.char_end:match.char_end + width].replace("\n", " ")
        rows.append({"term": match.term, "doc_id": match.doc_id, "char_start": match.char_start,
                     "left": left.rjust(width), "keyword": match.surface, "right": right.ljust(width),
                     "in_quote": match.in_quote})
    return pd.DataFrame(rows, columns=["term", "doc_id", "char_start", "left", "keyword", "right", "in_quote"])


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """NLTK's English stopwords (loaded on first use)."""
    from nltk.corpus import stopwords as nltk_stopwords

    return frozenset(nltk_stopwords.words("english"))


def _wordnet_pos(tag: str) -> str:
    return {"J": "a", "V": "v", "R": "r"}.get(tag[:1], "n")


def word_tokens(text: str) -> list[str]:
    """NLTK's `word_tokenize` with its default arguments: English punkt sentences, then its word tokenizer on each.

    The sentences come from `sentences.punkt_tokenizer`, so a notebook loads punkt once.

    >>> word_tokens("The ombudsman's office said 32 people died. Talks began in Yevlakh.")
    ['The', 'ombudsman', "'s", 'office', 'said', '32', 'people', 'died', '.', 'Talks', 'began', 'in', 'Yevlakh', '.']
    """
    words = _word_tokenizer().tokenize
    return [word for sentence in punkt_tokenizer().tokenize(text) for word in words(sentence)]


@lru_cache(maxsize=1)
def _word_tokenizer():
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def tokens(text: str, gazetteer: Gazetteer | None = None, expressions: Sequence[tuple[str, ...]] = ()) -> list[str]:
    """The text as lower-case lemmas in order, with every gazetteer name as its entity id; punctuation kept.

    Each of `expressions` (see `load_expressions`) becomes one token, its words joined by "_";
    its hyphenated spelling ("de-facto") becomes the same token.

    >>> tokens("Troops were killed in Stepanakert.")
    ['troop', 'be', 'kill', 'in', 'stepanakert', '.']
    >>> tokens("The de facto authorities met.", expressions=[("de", "facto")])
    ['the', 'de_facto', 'authority', 'meet', '.']
    """
    from nltk import pos_tag
    from nltk.tokenize import MWETokenizer

    pieces: list[tuple[str, str | None]] = []  # (text, entity id)
    position = 0
    for mention in gazetteer.find(text) if gazetteer is not None else []:
        pieces.append((text[position:mention.char_start], None))
        pieces.append(("", mention.entity.entity_id))
        position = mention.char_end
    pieces.append((text[position:], None))
    words: list[tuple[str, str | None]] = []
    for piece, entity_id in pieces:
        if entity_id is not None:
            words.append((entity_id, entity_id))
        else:
            words += [(w, None) for w in word_tokens(piece.replace("'s ", " 's "))]
    tagged = pos_tag([w for w, _ in words])
    lemmatize = wordnet_lemmas().lemmatize  # NLTK's WordNet lemmatiser, without loading all of WordNet
    result = []
    for (word, entity_id), (_, tag) in zip(words, tagged):
        if entity_id is not None:
            result.append(entity_id)
        elif re.fullmatch(r"[A-Za-z][A-Za-z'-]*", word):
            result.append(lemmatize(word.lower(), _wordnet_pos(tag)))
        else:
            result.append(word)
    if not expressions:
        return result
    join = MWETokenizer(expressions, separator="_").tokenize
    hyphenated = {"-".join(phrase): "_".join(phrase) for phrase in expressions}  # "de-facto" is "de facto"
    joined: list[str] = []
    run: list[str] = []  # the lemmas since the last name: a name is never part of an expression
    for lemma, (_, entity_id) in zip(result, words):
        if entity_id is None:
            run.append(hyphenated.get(lemma, lemma))
        else:
            joined += join(run) + [lemma]
            run = []
    return joined + join(run)


def content_words(lemmas: list[str]) -> list[str]:
    """Lemmas without stopwords, punctuation, numbers and one-letter words.

    >>> content_words(["troop", "be", "kill", "in", "stepanakert", "."])
    ['troop', 'kill', 'stepanakert']
    """
    stop = stopwords()
    return [w for w in lemmas if len(w) > 1 and re.fullmatch(r"[a-z][a-z_'-]*", w) and w not in stop and w != "'s"]


def conditional_freqdist(content: dict[str, list[str]]):
    """An NLTK ConditionalFreqDist: condition = article, sample = content lemma."""
    from nltk.probability import ConditionalFreqDist

    return ConditionalFreqDist((doc_id, word) for doc_id, words in content.items() for word in words)


def freq_table(cfd, top: int = 20) -> "pd.DataFrame":  # noqa: F821
    """`framing_freq.csv`: each article's most frequent content lemmas (ties broken alphabetically)."""
    import pandas as pd

    rows = []
    for doc_id in sorted(cfd.conditions()):
        dist = cfd[doc_id]
        ranked = sorted(dist.items(), key=lambda item: (-item[1], item[0]))[:top]
        rows += [{"doc_id": doc_id, "rank": rank, "lemma": word, "count": count,
                  "share": round(count / dist.N(), 4)} for rank, (word, count) in enumerate(ranked, start=1)]
    return pd.DataFrame(rows, columns=["doc_id", "rank", "lemma", "count", "share"])


def cfd_table(cfd, doc_ids: list[str], top: int = 12) -> "pd.DataFrame":  # noqa: F821
    """The corpus's most frequent lemmas (ties alphabetical) counted in each article, from a ConditionalFreqDist."""
    import pandas as pd

    totals: dict[str, int] = {}
    for doc_id in cfd.conditions():
        for word, count in cfd[doc_id].items():
            totals[word] = totals.get(word, 0) + count
    common = [w for w, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:top]]
    return pd.DataFrame({d: [cfd[d][w] for w in common] for d in doc_ids}, index=pd.Index(common, name="lemma"))


def collocations_table(lemmas: dict[str, list[str]], top: int = 10, min_count: int = 2) -> "pd.DataFrame":  # noqa: F821
    """`framing_collocations.csv`: each article's bigrams by Dunning's likelihood ratio (NLTK), stopwords filtered."""
    import pandas as pd
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    stop = stopwords()
    measures = BigramAssocMeasures()
    rows = []
    for doc_id in sorted(lemmas):
        finder = BigramCollocationFinder.from_words(lemmas[doc_id])
        finder.apply_freq_filter(min_count)
        finder.apply_word_filter(lambda w: w in stop or not re.fullmatch(r"[a-z][a-z_'-]*", w) or w == "'s")
        scored = sorted(finder.score_ngrams(measures.likelihood_ratio), key=lambda item: (-round(item[1], 6), item[0]))
        for rank, ((first, second), score) in enumerate(scored[:top], start=1):
            rows.append({"doc_id": doc_id, "rank": rank, "bigram": f"{first} {second}",
                         "count": finder.ngram_fd[(first, second)], "likelihood_ratio": round(score, 3)})
    return pd.DataFrame(rows, columns=["doc_id", "rank", "bigram", "count", "likelihood_ratio"])


def log_odds_dirichlet(
    counts_i: dict[str, int], counts_j: dict[str, int], prior: dict[str, float]
) -> dict[str, tuple[float, float, float]]:
    """Log-odds ratio of each word between groups i and j with an informative Dirichlet prior.

    Returns word -> (delta, variance, z). Monroe, Colaresi and Quinn (2008), eq. 22 and 24.

    >>> result = log_odds_dirichlet({"a": 3, "b": 1}, {"a": 1, "b": 3}, {"a": 4.0, "b": 4.0})
    >>> [round(v, 4) for v in result["a"]]
    [0.6729, 0.3429, 1.1493]
    """
    n_i, n_j = sum(counts_i.values()), sum(counts_j.values())
    a_0 = sum(prior.values())
    result = {}
    for word in sorted(prior):
        a_w = prior[word]
        y_i, y_j = counts_i.get(word, 0), counts_j.get(word, 0)
        delta = math.log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
        variance = 1 / (y_i + a_w) + 1 / (y_j + a_w)
        result[word] = (delta, variance, delta / math.sqrt(variance))
    return result


def distinctive_table(content: dict[str, list[str]], prior_scale: float = 1.0) -> "pd.DataFrame":  # noqa: F821
    """`framing_distinctive.csv`: for each article against all the others, every word's log-odds and z, by rank."""
    import pandas as pd

    counts = {doc_id: _count(words) for doc_id, words in content.items()}
    corpus = _count([w for words in content.values() for w in words])
    prior = {w: prior_scale * c for w, c in corpus.items()}
    rows = []
    for doc_id in sorted(counts):
        rest = _count([w for other, words in content.items() if other != doc_id for w in words])
        scores = log_odds_dirichlet(counts[doc_id], rest, prior)
        ranked = sorted(scores.items(), key=lambda item: (-round(item[1][2], 9), item[0]))
        for rank, (word, (delta, variance, z)) in enumerate(ranked, start=1):
            rows.append({"doc_id": doc_id, "rank": rank, "word": word, "count_article": counts[doc_id].get(word, 0),
                         "count_rest": rest.get(word, 0), "log_odds": round(delta, 6), "variance": round(variance, 6),
                         "z": round(z, 6)})
    return pd.DataFrame(rows, columns=["doc_id", "rank", "word", "count_article", "count_rest", "log_odds", "variance", "z"])


def _count(words: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    return counts


def capitalised_words(texts: Iterable[str]) -> dict[str, str]:
    """Words the texts capitalise wherever they stand inside a sentence ("Friday", "Azeri"), by their lower-case form.

    Word counts are lower-cased, so a chart shows these as the texts write them. A word that
    also appears in lower case inside a sentence ("talks") is not one of them.

    >>> capitalised_words(["On Friday the talks began. Talks went on; the Azeri side left on Friday."])
    {'friday': 'Friday', 'azeri': 'Azeri'}
    """
    from collections import Counter

    forms: dict[str, Counter[str]] = {}
    for text in texts:
        previous_end = 0
        for match in re.finditer(r"[^\W\d_][\w'’-]*", text):
            gap = text[previous_end:match.start()]
            sentence_start = previous_end == 0 or re.search(r"[.!?:;\"“”‘(\n]", gap) is not None
            previous_end = match.end()
            if not sentence_start:
                forms.setdefault(match.group().lower(), Counter())[match.group()] += 1
    return {word: counts.most_common(1)[0][0] for word, counts in forms.items()
            if all(form[0].isupper() for form in counts)}


def display_word(word: str, gazetteer: Gazetteer | None, cased: dict[str, str] | None = None) -> str:
    """An entity id shown as its canonical name; a word of `cased` (`capitalised_words`) as the texts write it;
    other words with their underscores as spaces ("de_facto": "de facto").

    >>> from newsfigures.gazetteer import Entity
    >>> names = Gazetteer({"Pashinyan": Entity("nikol_pashinyan", "Nikol Pashinyan", "person")})
    >>> display_word("nikol_pashinyan", names), display_word("de_facto", names), display_word("troop", names)
    ('Nikol Pashinyan', 'de facto', 'troop')
    >>> display_word("september", names, {"september": "September"})
    'September'
    """
    if gazetteer is not None:
        for entity in gazetteer.variants.values():
            if entity.entity_id == word:
                return entity.canonical
    if cased and word in cased:
        return cased[word]
    return word.replace("_", " ")


@lru_cache(maxsize=1)
def _vader():
    from nltk.sentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def compound(text: str) -> float:
    """VADER's compound score of a text, from -1 (most negative) to +1 (most positive).

    >>> compound("Peace was restored.") > 0 > compound("Civilians were killed in the attack.")
    True
    """
    return float(_vader().polarity_scores(text)["compound"])


def _tone_row(level: str, name: str, scores: list[float], texts: int) -> dict:
    n = len(scores)
    mean = sum(scores) / n if n else 0.0
    return {
        "level": level, "name": name, "texts": texts, "sentences": n, "compound_mean": round(mean, 4),
        "negative_share": round(sum(s <= NEGATIVE for s in scores) / n, 4) if n else 0.0,
        "positive_share": round(sum(s >= POSITIVE for s in scores) / n, 4) if n else 0.0,
    }


def tone_table(
    sentences_by_doc: dict[str, list[Sentence]], quotes: "pd.DataFrame", groups: tuple[str, ...]  # noqa: F821
) -> tuple["pd.DataFrame", "pd.DataFrame"]:  # noqa: F821
    """`framing_tone.csv` (per article, then per speaker group's quotations) and the sentence scores behind it.

    Every sentence is scored on its own; an article's tone is the mean over its sentences, a
    group's the mean over the sentences of its quotations (`quotes`: rows of attributions.csv).
    """
    import pandas as pd

    rows, scored = [], []
    for doc_id, sentences in sentences_by_doc.items():
        scores = [compound(s.text) for s in sentences]
        scored += [{"level": "article", "name": doc_id, "doc_id": doc_id, "sentence_id": s.sentence_id, "compound": v,
                    "text": s.text} for s, v in zip(sentences, scores)]
        rows.append(_tone_row("article", doc_id, scores, 1))
    for group in groups:
        part = quotes[quotes["speaker_group"] == group]
        if not len(part):
            continue
        scores = []
        for quote in part.itertuples():
            for sentence in split_sentences(str(quote.quote).replace(" ¶ ", "\n")):
                value = compound(sentence.text)
                scores.append(value)
                scored.append({"level": "speaker_group", "name": group, "doc_id": quote.doc_id,
                               "sentence_id": quote.sentence_id, "compound": value, "text": sentence.text})
        rows.append(_tone_row("speaker_group", group, scores, len(part)))
    return pd.DataFrame(rows), pd.DataFrame(scored, columns=["level", "name", "doc_id", "sentence_id", "compound", "text"])
