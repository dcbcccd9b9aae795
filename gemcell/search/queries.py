"""Searching: ``search(text, kinds=...)`` on either database, best matches first, with a highlighted snippet."""
import re
from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup, escape

from gemcell.extensions import db
from gemcell.search.models import FTS_TABLE, SearchEntry
from gemcell.search.terms import WORD, term, words

PHRASE = re.compile(r'"([^"]*)"')
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class Query:
    """A parsed search: words that must all occur (in any inflection) and phrases that must occur as written."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> 'Query':
        text = text or ''
        phrases = tuple(tuple(term(w) for w in words(p)) for p in PHRASE.findall(text))
        loose = tuple(dict.fromkeys(term(w) for w in words(PHRASE.sub(' ', text))))
        return cls(loose, tuple(p for p in phrases if p))

    def __bool__(self):
        return bool(self.words or self.phrases)

    @property
    def all_terms(self) -> set[str]:
        return set(self.words) | {t for phrase in self.phrases for t in phrase}

    def fts5(self) -> str:
        """SQLite FTS5 MATCH syntax (every term is ``[0-9a-z]+``, quoted all the same)."""
        parts = [f'"{t}"' for t in self.words] + ['"' + ' '.join(p) + '"' for p in self.phrases]
        return ' AND '.join(parts)

    def tsquery(self) -> str:
        """PostgreSQL ``tsquery`` input syntax: quoted lexemes, taken as they are (no dictionary)."""
        parts = [f"'{t}'" for t in self.words] + ['(' + ' <-> '.join(f"'{t}'" for t in p) + ')' for p in self.phrases]
        return ' & '.join(parts)


@dataclass(frozen=True)
class Hit:
    kind: str
    ref_id: int
    title: str
    snippet: Markup
    department_id: int | None


def search(text: str, kinds: tuple[str, ...] | list[str] | None = None, department_ids=None,
           limit: int = 20) -> list[Hit]:
    """The entries matching ``text``, best first. ``department_ids``: if given, only entries of those departments
    or of none (what a nodal officer may see)."""
    query = Query.parse(text)
    if not query:
        return []
    stmt = sa.select(SearchEntry)
    if kinds:
        stmt = stmt.where(SearchEntry.kind.in_(kinds))
    if department_ids is not None:
        stmt = stmt.where(sa.or_(SearchEntry.department_id.is_(None), SearchEntry.department_id.in_(department_ids)))
    if db.session.get_bind().dialect.name == 'postgresql':
        vector = "to_tsvector('simple'::regconfig, search_entries.terms)"
        stmt = stmt.where(sa.text(f'{vector} @@ CAST(:q AS tsquery)')) \
            .order_by(sa.text(f'ts_rank({vector}, CAST(:q AS tsquery)) DESC'), SearchEntry.id.desc()) \
            .params(q=query.tsquery())
    else:
        sql = f'SELECT rowid AS id, rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q'  # nosec B608 # words bound
        matching = sa.text(sql).bindparams(q=query.fts5()).columns(id=sa.Integer, rank=sa.Float).subquery('fts')
        stmt = stmt.join(matching, matching.c.id == SearchEntry.id).order_by(matching.c.rank, SearchEntry.id.desc())
    entries = db.session.scalars(stmt.limit(limit)).all()
    return [Hit(e.kind, e.ref_id, e.title, snippet(e.body or e.title, query), e.department_id) for e in entries]


def snippet(body: str, query: Query) -> Markup:
    """About ``SNIPPET_WORDS`` words of ``body`` around the first matching word, the matching words marked."""
    wanted = query.all_terms
    found = list(WORD.finditer(body))
    first = next((i for i, m in enumerate(found) if term(m.group().lower()) in wanted), 0)
    start = max(0, first - SNIPPET_WORDS // 3)
    window = found[start:start + SNIPPET_WORDS]
    if not window:
        return Markup('')
    begin, end = window[0].start(), window[-1].end()
    out, pos = [], begin
    for m in window:
        out.append(escape(body[pos:m.start()]))
        word = escape(m.group())
        out.append(Markup('<mark>%s</mark>') % word if term(m.group().lower()) in wanted else word)
        pos = m.end()
    prefix = '… ' if begin > 0 else ''
    suffix = ' …' if end < len(body) else ''
    return Markup(prefix) + Markup('').join(out) + Markup(suffix)  # nosec B704 # constant ellipses; parts escaped
