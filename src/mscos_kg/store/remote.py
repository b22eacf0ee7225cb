"""The remote store: any SPARQL 1.1 Query + Update server, over HTTP (httpx).

Tested against a real `oxigraph serve` and a real Virtuoso 7 (the differences are in
`dialect.py`, told by the server's `Server` header); documented for Fuseki and GraphDB too in
docs/store.md. Updates may need credentials (Virtuoso's `/sparql-auth` takes HTTP digest): they
come from the configuration and go with update requests only, never into a message or a log.

Queries must see the union of the named graphs as their default graph: the
store asks for it with Oxigraph's `union-default-graph` request parameter (other servers
ignore it and are configured to do so, see the docs) and `check_union()` verifies it. A query
with FROM / FROM NAMED is sent without that parameter (it would override them), and a `Dataset`
travels as the protocol's `default-graph-uri` / `named-graph-uri`, which the server must apply
to graphs it holds (Oxigraph never fetches; configure other servers so, see the docs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal as Choice
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from mscos_kg.store.dialect import Dialect, dialect_of
from mscos_kg.store.errors import (
    QueryEvaluationError,
    QueryFormError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreMisconfiguredError,
    StoreUnavailableError,
    UpdateTooLargeError,
)
from mscos_kg.store.http_reads import Answer, ConnectFailedError, KeptConnections, ReadTimeoutError
from mscos_kg.store.literal_codec import LiteralCodec
from mscos_kg.store.port import Dataset
from mscos_kg.store.results import Bindings, SelectResult
from mscos_kg.store.sparql_text import QueryForm, names_dataset, query_form, substitute
from mscos_kg.store.updates import UpdateWrites, replace_request

SPARQL_JSON = "application/sparql-results+json"
#: What Oxigraph's server writes into a 200 answer it cuts at its --timeout-s (it has sent the
#: status line already): such a document is truncated, and means a timeout, not a server error.
CANCELLED = b"The SPARQL operation has been cancelled"
N_TRIPLES = "application/n-triples"


@dataclass(frozen=True)
class RemoteEndpoints:
    """The query and update endpoints of a SPARQL 1.1 server."""

    query: str
    update: str

    @classmethod
    def from_url(cls, url: str, update: str | None = None) -> RemoteEndpoints:
        """Endpoints from one URL.

        A URL ending in `/query` or `/sparql` is the query endpoint, with `/update` beside it;
        any other URL is a service base with `/query` and `/update` under it (Oxigraph server,
        Fuseki datasets). GraphDB and others with different paths pass `update` explicitly.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not an http(s) URL: {url!r}")
        path = parts.path.rstrip("/")
        last = path.rsplit("/", 1)[-1]
        if last in ("query", "sparql"):
            query_path, update_path = path, path[: -len(last)] + "update"
        else:
            query_path, update_path = path + "/query", path + "/update"
        query = urlunsplit((parts.scheme, parts.netloc, query_path, parts.query, ""))
        derived = urlunsplit((parts.scheme, parts.netloc, update_path, parts.query, ""))
        return cls(query=query, update=update or derived)


@dataclass(frozen=True)
class Credentials:
    """Who the update endpoint is told the store is (HTTP digest, as Virtuoso asks, or basic)."""

    user: str
    password: str = field(repr=False)
    scheme: Choice["digest", "basic"] = "digest"

    def auth(self) -> httpx.Auth:
        if self.scheme == "basic":
            return httpx.BasicAuth(self.user, self.password)
        return httpx.DigestAuth(self.user, self.password)


class RemoteStore(UpdateWrites):
    """A SPARQL 1.1 server as a `Store`."""

    def __init__(
        self,
        endpoints: RemoteEndpoints,
        *,
        timeout_s: float = 60.0,
        query_timeout_s: float | None = None,
        client: httpx.Client | None = None,
        on_overrun: Callable[[], None] | None = None,
        credentials: Credentials | None = None,
        dialect: Dialect | None = None,
    ) -> None:
        self.endpoints = endpoints
        # Called when a read gives up on the server: the server did not stop the query itself
        # (store/watchdog.py restarts a supervised one).
        self._on_overrun = on_overrun
        self._auth = credentials.auth() if credentials is not None else None
        self._dialect = dialect  # None: asked of the server at the first write or graph listing
        # Reads give up after this (updates keep `timeout_s`): the caller's slot comes back even when
        # the server does not stop a query itself (Oxigraph's --timeout-s misses some aggregates).
        self._query_timeout = httpx.Timeout(query_timeout_s, connect=5.0) if query_timeout_s else None
        self._client = client or httpx.Client(timeout=httpx.Timeout(timeout_s, connect=5.0))
        self._own_client = client is None
        # Reads over kept-alive standard-library connections (store/http_reads.py: several times
        # less overhead than httpx); a client given by the caller (tests' mock transports) serves all.
        query = urlsplit(endpoints.query)
        self._query_path = urlunsplit(("", "", query.path or "/", query.query, ""))
        self._reads = (
            KeptConnections(f"{query.scheme}://{query.netloc}", connect_timeout_s=5.0,
                            read_timeout_s=query_timeout_s or timeout_s)
            if client is None and query.username is None else None
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.query})"

    @property
    def dialect(self) -> Dialect:
        """The server's dialect, from the `Server` header of its answer to `ASK {}` (asked once)."""
        if self._dialect is None:
            request = self._client.build_request("GET", self.endpoints.query, params={"query": "ASK {}"},
                                                 headers={"Accept": SPARQL_JSON})
            self._dialect = dialect_of(self._send(request).server)
        return self._dialect

    def _write_dialect(self) -> Dialect:
        return self.dialect

    # ------------------------------------------------------------------ HTTP
    def _send(self, request: httpx.Request, auth: httpx.Auth | None = None, *, read: bool = False) -> Answer:
        try:
            response = self._client.send(request, auth=auth) if auth is not None else self._client.send(request)
        except httpx.TimeoutException as exc:
            if read and not isinstance(exc, httpx.ConnectTimeout):
                self._overrun()
            raise QueryTimeoutError(f"{request.url}: no answer within the time limit") from exc
        except httpx.HTTPError as exc:
            raise StoreUnavailableError(f"{request.url}: {exc}") from exc
        answer = Answer(response.status_code, response.reason_phrase, response.headers.get("content-type", ""),
                        response.content, response.headers.get("server", ""))
        if answer.status >= 400 and request.url == httpx.URL(self.endpoints.update):
            message = answer.text.strip()[:2000] or answer.reason
            if answer.status in (401, 403):
                raise StoreMisconfiguredError(
                    f"{request.url} refused the update ({answer.status}): give the store's account "
                    "(MSCOS_STORE_USER, MSCOS_STORE_PASSWORD) or its update endpoint (MSCOS_STORE_UPDATE_URL)"
                )
            if any(w in message for w in self.dialect.too_large):
                raise UpdateTooLargeError(
                    "the write is larger than the store's server takes in one update request, so it would not be "
                    f"all-or-nothing; nothing was written (docs/store.md: limits). The server said: {message[:300]}"
                )
        return _checked(answer, str(request.url))

    def _overrun(self) -> None:
        if self._on_overrun is not None:
            self._on_overrun()

    def _read(self, form: dict[str, str | list[str]], accept: str) -> Answer:
        assert self._reads is not None
        body = urlencode(form, doseq=True).encode()
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        url = self.endpoints.query
        try:
            answer = self._reads.post(self._query_path, body, headers)
        except ReadTimeoutError as exc:
            self._overrun()
            raise QueryTimeoutError(f"{url}: no answer within the time limit") from exc
        except ConnectFailedError as exc:
            raise StoreUnavailableError(f"{url}: {exc}") from exc
        return _checked(answer, url)

    def _query(self, query: str, bindings: Bindings | None, dataset: Dataset | None, accept: str) -> Answer:
        if bindings and any(isinstance(v, Literal) for v in bindings.values()) and (codec := self.dialect.codec):
            bindings = {k: codec.encode_literal(v) if isinstance(v, Literal) else v for k, v in bindings.items()}
        text = substitute(query, bindings or {})
        form: dict[str, str | list[str]] = {"query": text}
        if dataset is not None:
            form["default-graph-uri"] = [g.value for g in dataset.default_graphs]
            form["named-graph-uri"] = [g.value for g in dataset.named_graphs]
        elif not names_dataset(text):
            form["union-default-graph"] = "true"
        if self._reads is not None:
            return self._learn_dialect(self._read(form, accept))
        request = self._client.build_request(
            "POST", self.endpoints.query, data=form, headers={"Accept": accept},
            timeout=self._query_timeout or httpx.USE_CLIENT_DEFAULT,
        )
        return self._learn_dialect(self._send(request, read=True))

    def _learn_dialect(self, answer: Answer) -> Answer:
        if self._dialect is None:  # every answer names its server: no probe needed to read
            self._dialect = dialect_of(answer.server)
        return answer

    def _codec(self, response: Answer) -> LiteralCodec | None:
        """The codec to read `response` with, if the server's dialect has one and the answer may need it."""
        codec = self._dialect.codec if self._dialect is not None else None
        return codec if codec is not None and codec.holds_private(response.content) else None

    def _update(self, chunks: Iterator[bytes]) -> None:
        dialect = self.dialect
        content: Iterator[bytes] | bytes = chunks
        if dialect.max_update_bytes is not None or dialect.update_prefix or self._auth is not None:
            content = dialect.update_prefix + _joined(chunks, dialect.max_update_bytes)  # digest sends it again
        request = self._client.build_request(
            "POST",
            self.endpoints.update,
            content=content,
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        self._send(request, self._auth)

    # ------------------------------------------------------------------ queries
    def select(self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None) -> SelectResult:
        response = self._query(query, bindings, dataset, SPARQL_JSON)
        result = _parse_results(response)
        if not isinstance(result, QuerySolutions):
            raise QueryFormError("not a SELECT query")
        variables = tuple(v.value for v in result.variables)
        width = range(len(variables))
        try:  # the solutions are parsed as they are read
            rows = tuple(tuple(s[i] for i in width) for s in result)
        except SyntaxError as exc:
            _raise_if_cancelled(response)
            raise QueryEvaluationError(f"the server sent unreadable results: {exc}") from exc
        if codec := self._codec(response):
            decode = codec.decode_term
            rows = tuple(tuple(None if c is None else decode(c) for c in row) for row in rows)
        return SelectResult(variables, rows)

    def select_sparql_json(
        self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None
    ) -> bytes:
        # An ASK answer is SPARQL JSON too: tell the form from the text, as pyoxigraph's result type does.
        if query_form(query) is not QueryForm.SELECT:
            raise QueryFormError("not a SELECT query")
        response = self._query(query, bindings, dataset, SPARQL_JSON)
        kind = _media_type(response)
        if kind != SPARQL_JSON:
            raise QueryFormError(f"expected SPARQL JSON results, got {kind or 'no content type'}")
        if not response.content.rstrip().endswith(b"}"):  # passed on unparsed: a cut document shows at its end
            _raise_if_cancelled(response)
        content = _results_json(response)
        codec = self._codec(response)
        return codec.decode_json(content) if codec is not None else content

    def ask(self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None) -> bool:
        result = _parse_results(self._query(query, bindings, dataset, SPARQL_JSON))
        if not isinstance(result, QueryBoolean):
            raise QueryFormError("not an ASK query")
        return bool(result)

    def construct(
        self, query: str, bindings: Bindings | None = None, *, dataset: Dataset | None = None
    ) -> list[Triple]:
        response = self._query(query, bindings, dataset, N_TRIPLES)
        kind = _media_type(response)
        if kind == SPARQL_JSON:
            raise QueryFormError("not a CONSTRUCT or DESCRIBE query")
        triples = self._triples(response, kind)
        codec = self._codec(response)
        return [codec.decode_triple(t) for t in triples] if codec is not None else triples

    def _triples(self, response: Answer, kind: str) -> list[Triple]:
        fmt = RdfFormat.from_media_type(kind) if kind else RdfFormat.N_TRIPLES
        try:
            return [q.triple for q in parse(response.content, format=fmt or RdfFormat.N_TRIPLES)]
        except SyntaxError:
            pass  # Virtuoso writes a query's relative IRIs unresolved into N-Triples (`<s>`): read it as Turtle
        try:
            return [q.triple for q in parse(response.content, format=RdfFormat.TURTLE, base_iri=self.endpoints.query)]
        except SyntaxError as exc:
            _raise_if_cancelled(response)
            raise QueryEvaluationError(f"the server sent unreadable RDF: {exc}") from exc

    # ------------------------------------------------------------------ writes
    def load_graph(self, graph: NamedNode, triples: Iterable[Triple]) -> None:
        chunk = list(triples)
        self._update(replace_request(graph, chunk, annotation=None, retire=(), drop_first=False, dialect=self.dialect))

    def graphs(self) -> list[NamedNode]:
        # Standard: one probe per graph rather than a DISTINCT over every quad; empty graphs are left out.
        dialect = self.dialect
        rows = self.select(dialect.graphs_query).rows
        named = (g for (g,) in rows if isinstance(g, NamedNode) and not dialect.is_system_graph(g.value))
        return sorted(named, key=lambda g: g.value)

    def check_union(self, graph: NamedNode) -> None:
        """Raise unless a triple of the named `graph` is visible without GRAPH (the union)."""
        probe = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } } LIMIT 1"
        found = self.select(probe, {"g": graph}).rows
        if not found:
            return  # nothing to compare with
        _, s, p, o = found[0]
        assert isinstance(s, NamedNode) and isinstance(p, NamedNode) and isinstance(o, NamedNode | Literal)
        if not self.ask("ASK WHERE { ?s ?p ?o }", {"s": s, "p": p, "o": o}):
            raise StoreMisconfiguredError(
                f"{self.endpoints.query} does not query the union of its named graphs by default; "
                "configure it to (docs/store.md: Fuseki tdb2:unionDefaultGraph, Oxigraph "
                "--union-default-graph or the request parameter)"
            )

    def close(self) -> None:
        if self._own_client:
            self._client.close()
        if self._reads is not None:
            self._reads.close()


def _checked(answer: Answer, url: str) -> Answer:
    """The answer, or the store error its status means."""
    if answer.status >= 400:
        message = answer.text.strip()[:2000] or answer.reason
        if answer.status == 400:
            raise QuerySyntaxError(message)
        if answer.status in (408, 504):
            raise QueryTimeoutError(message)
        raise QueryEvaluationError(f"{url} answered {answer.status}: {message}")
    return answer


def _joined(chunks: Iterator[bytes], limit: int | None) -> bytes:
    """The update text in one piece; UpdateTooLargeError (before anything is sent) past `limit` bytes."""
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if limit is not None and size > limit:
            raise UpdateTooLargeError(
                f"the write is larger than the {limit:,} bytes of update text the store's server takes in one "
                "request, so it would not be all-or-nothing; nothing was written (docs/store.md: limits)"
            )
        parts.append(chunk)
    return b"".join(parts)


#: Virtuoso names blank nodes `nodeID://b10000` in SPARQL JSON, which is not a blank node label.
_VIRTUOSO_BNODE = re.compile(rb'(?<!\\)"nodeID://')


def _results_json(response: Answer) -> bytes:
    """The SPARQL JSON results of `response`, Virtuoso's `nodeID://` blank node names made labels."""
    content = response.content
    return _VIRTUOSO_BNODE.sub(b'"', content) if b'"nodeID://' in content else content


def _media_type(response: Answer) -> str:
    """The answer's media type without parameters ("" if the server sent none)."""
    return response.content_type.split(";")[0].strip()


def _parse_results(response: Answer) -> QuerySolutions | QueryBoolean:
    kind = _media_type(response)
    if kind and kind != SPARQL_JSON:
        raise QueryFormError(f"expected SPARQL JSON results, got {kind}: is this a CONSTRUCT query?")
    try:
        return parse_query_results(_results_json(response), format=QueryResultsFormat.JSON)
    except SyntaxError as exc:
        _raise_if_cancelled(response)
        raise QueryEvaluationError(f"the server sent unreadable results: {exc}") from exc


def _raise_if_cancelled(response: Answer) -> None:
    """QueryTimeoutError if the server cut the answer at its time limit (see CANCELLED)."""
    if CANCELLED in response.content[-400:]:
        raise QueryTimeoutError("the SPARQL server stopped the query at its time limit")
