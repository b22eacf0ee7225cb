"""A query run for a page: what the two query pages need, and how a failure becomes page text.

The named-query pages (``routes/web_queries.py``) and the SPARQL form (``routes/web_sparql.py``)
both run a job on the query runner and show any failure above the form with its status, never
a 500; the JSON routes answer the same failures through ``api/errors.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from mscos_kg.config import Settings
from mscos_kg.queries import Catalog, ParameterError, UnknownIdentifierError

from ..deps import get_settings, get_store, vocabulary_of
from ..errors import ApiError, status_of
from ..named_queries import get_catalog
from ..query_runner import Deadline, QueryRunner, get_query_runner
from .site import Site

T = TypeVar("T")


@dataclass(frozen=True)
class PageServices:
    settings: Settings
    store: Any
    runner: QueryRunner
    catalog: Catalog
    site: Site


async def get_page_services(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    store: Annotated[Any, Depends(get_store)],
    runner: Annotated[QueryRunner, Depends(get_query_runner)],
    catalog: Annotated[Catalog, Depends(get_catalog)],
) -> PageServices:
    """One dependency for the pages; each part stays its own dependency, so tests may override it."""
    return PageServices(settings, store, runner, catalog, Site.of(vocabulary_of(request)))


async def run_for_page(services: PageServices, job: Callable[[Deadline], T], errors: list[str]) -> tuple[T | None, int]:
    """The job's result and 200, or None and the status of its failure, whose message is added to `errors`."""
    timeout_s = services.settings.query_timeout_s
    try:
        return await services.runner.run(job, timeout_s), 200
    except ApiError as exc:
        errors.append(exc.message)
        return None, exc.status
    except ParameterError as exc:  # an identifier the store does not hold, or of the wrong kind
        errors.append(str(exc))
        return None, 404 if isinstance(exc, UnknownIdentifierError) else 400
    except Exception as exc:
        mapped = status_of(exc)
        if mapped is None:
            raise
        status, code = mapped
        errors.append(_MESSAGES.get(code, "{exc}").format(exc=exc, timeout_s=timeout_s))
        return None, status


#: A sentence for a person per error code (api/errors.py); other codes show the error's own message.
_MESSAGES = {
    "query_timeout": "The query did not finish within {timeout_s:g} seconds.",
    "query_failed": "The query failed: {exc}",
    "store_unavailable": "The store is not available: {exc}",
    "store_error": "The store is not available: {exc}",
}
