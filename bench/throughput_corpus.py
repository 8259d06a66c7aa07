"""A throughput corpus built from real texts, each copy varied so no cache flatters the numbers.

The base texts are every real text the project can read: ``../shared/dev-real`` (36 official
readouts and press releases), the development article ``../shared/dev/seed-2023-12-20.txt``, the
322 PLOVER gold-standard sentences (each a one-sentence article, as coded) and our own sample
(``src/dragoman/samples``). Third-party texts are read from ``../shared`` and written only to a
temporary corpus file, never into the project.

The base set is repeated until the corpus has the words asked for. Copy 0 is the text as it is; in
every later copy half of the names (capitalised words never seen in lower case in the base texts),
picked anew for each copy, get a copy-specific ending ("Doha" -> "Dohace"), and every number is
shifted; a text that this leaves unchanged has all its names renamed. So the vocabulary grows with
the corpus, as it does in real news, and spaCy's tokenizer, lexeme and lemmatizer caches see new
strings in every copy; trigger words and function words are untouched, so the share of sentences
that can hold an event stays that of the real texts. Each copy also gets its own content hash, so
the store never skips it.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "src/dragoman/samples/gaza-diplomacy-2023.jsonl"
DEV_REAL = SHARED / "dev-real"
DEV_ARTICLE = SHARED / "dev/seed-2023-12-20.txt"
PLOVER = SHARED / "external/plover-gsr/DERIVED_plover_gsr_flat.jsonl"
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d+\b")  # ISO dates stay as they are
_LETTERS = "bcdfghjklmnpqrstvwxz"


@dataclass(frozen=True, slots=True)
class BaseText:
    """One real text the corpus repeats, with what ingest needs to know about it."""

    doc_id: str
    text: str
    published: date | None
    source: str  # dev-real, dev, plover or sample


def base_texts() -> list[BaseText]:
    """Every real text available here; a missing ../shared set is left out."""
    out: list[BaseText] = []
    if (DEV_REAL / "index.jsonl").exists():
        for meta in _jsonl(DEV_REAL / "index.jsonl"):
            text = (DEV_REAL / "texts" / f"{meta['doc_id']}.txt").read_text(encoding="utf-8")
            out.append(BaseText(meta["doc_id"], text, date.fromisoformat(meta["published"]), "dev-real"))
    if DEV_ARTICLE.exists():
        out.append(BaseText(DEV_ARTICLE.stem, DEV_ARTICLE.read_text(encoding="utf-8"), None, "dev"))
    if PLOVER.exists():
        out += [BaseText(r["id"], r["text"], None, "plover") for r in _jsonl(PLOVER)]
    out += [BaseText(r.get("doc_id") or f"sample-{i}", r["text"],
                     date.fromisoformat(r["published"]) if r.get("published") else None, "sample")
            for i, r in enumerate(_jsonl(SAMPLE))]
    unique = {b.text: b for b in reversed(out)}  # a text told twice (some PLOVER sentences) once
    return [b for b in out if unique[b.text] is b]


def _jsonl(path: Path) -> Iterator[dict]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def copy_suffix(copy: int) -> str:
    """A distinct ending of letters for each copy number (1 -> 'c', 20 -> 'cb', ...)."""
    out = ""
    n = copy
    while n:
        n, r = divmod(n, len(_LETTERS))
        out += _LETTERS[r]
    return out + "e"


def vary(text: str, copy: int, known: Callable[[str], bool]) -> str:
    """Copy ``copy`` of a text: half its names renamed, numbers shifted."""
    if copy == 0:
        return text
    suffix = copy_suffix(copy)

    def renamer(every: bool) -> Callable[[re.Match], str]:
        def rename(m: re.Match) -> str:
            word = m.group(0)
            return word if known(word.lower()) or (not every and _coin(word, copy)) else word + suffix
        return rename

    varied = _NUMBER.sub(lambda m: _shift(m.group(0), copy), _NAME.sub(renamer(False), text))
    return varied if varied != text else _NAME.sub(renamer(True), text)


def _shift(number: str, copy: int) -> str:
    return number if "-" in number or len(number) > 8 else str(int(number) + copy)


def _coin(word: str, copy: int) -> bool:
    """A fair coin per word and copy, the same on every run."""
    return hashlib.md5(f"{word}|{copy}".encode()).digest()[0] < 128


def common_words(texts: list[str]) -> Callable[[str], bool]:
    """Words written in lower case somewhere in the texts: common words, not names."""
    return set(re.findall(r"\b[a-z][a-z]+\b", "\n".join(texts))).__contains__


def build(words: int) -> list[dict]:
    """Article records (doc_id, text, published, source): whole copies of the base set, as many
    as it takes to reach ``words`` words, so every source keeps its share."""
    bases = base_texts()
    known = common_words([b.text for b in bases])
    out: list[dict] = []
    total, copy = 0, 0
    while total < words:
        for base in bases:
            text = vary(base.text, copy, known)
            out.append({"doc_id": f"{base.doc_id}~{copy}", "text": text, "source": base.source,
                        "published": base.published.isoformat() if base.published else None})
            total += len(text.split())
        copy += 1
    return out


def write_jsonl(records: list[dict], path: Path) -> None:
    """The corpus as an ingestable JSON Lines file."""
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({k: v for k, v in r.items() if v is not None and k != "source"},
                                ensure_ascii=False) + "\n")
