"""Model catalogs: what each model can take and what it costs (shared/docs/protocol.md §2).

OpenRouter's ``GET /models`` describes every model (context length, prices as USD-per-token
strings, input modalities, ``supported_parameters``, reasoning efforts). Other providers list bare
ids; for them a small table of known model families (``FAMILIES``) fills in what is known, and an
unknown model gets safe defaults: nothing is assumed unsupported, nothing is claimed supported.

Catalogs are cached on disk with their fetch time, refreshed once a day or on demand, and used
offline from the cache; a failed refresh keeps the cache and says why.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ponder.core.models import Adjustment, ModelInfo
from ponder.core.wire.protocol import EFFORTS
from ponder.core.words import say

__all__ = ["ModelInfo", "CatalogCache", "cost_of", "fit", "lookup", "known_model", "apply_overrides", "refresh"]

REFRESH_AFTER_S = 24 * 3600
SAMPLING = ("temperature", "top_p", "frequency_penalty", "presence_penalty", "seed", "stop")


# -- prices ------------------------------------------------------------------------------------


def price(value: Any) -> float | None:
    """An OpenRouter price string to USD per token; "-1" (routers) and junk are unknown."""
    try:
        p = float(value)
    except (TypeError, ValueError):
        return None
    return None if p < 0 else p


def cost_of(usage: dict[str, Any] | None, model: ModelInfo | None) -> float | None:
    """What an answer cost: the provider's own figure if it sent one, else from the prices.

    Cached prompt tokens are charged at the cache price when there is one. None when unknown.
    """
    if not usage:
        return None
    if isinstance(usage.get("cost"), (int, float)):
        return float(usage["cost"])
    if model is None or model.prompt_price is None or model.completion_price is None:
        return None
    prompt = int(usage.get("prompt_tokens") or 0)
    completion = int(usage.get("completion_tokens") or 0)  # includes reasoning tokens
    details = usage.get("prompt_tokens_details") or {}
    cached = int(details.get("cached_tokens") or usage.get("prompt_cache_hit_tokens") or 0)
    cached = min(cached, prompt)
    cache_price = model.cache_read_price if model.cache_read_price is not None else model.prompt_price
    total = (prompt - cached) * model.prompt_price + cached * cache_price + completion * model.completion_price
    if model.request_price:
        total += model.request_price
    return round(total, 10)


# -- known families, for lists that carry no capabilities -----------------------------------------

# (pattern on the model id, what is known). Sources: protocol.md §3 (OpenAI o-series and GPT-5 take
# reasoning_effort and max_completion_tokens, and no sampling parameters), §4 (DeepSeek), §6 (local).
FAMILIES: list[tuple[re.Pattern[str], dict[str, Any]]] = [
    (re.compile(r"(^|/)(o1|o3|o4)(-|$)"), dict(reasoning=True, efforts=["high", "medium", "low"], tools=True, vision=True,
                                               token_field="max_completion_tokens", no_sampling=True)),
    (re.compile(r"(^|/)gpt-5(?!.*-chat)"), dict(reasoning=True, efforts=["high", "medium", "low", "minimal"], tools=True,
                                                vision=True, token_field="max_completion_tokens", no_sampling=True)),
    (re.compile(r"(^|/)gpt-4o|(^|/)gpt-4\.1"), dict(reasoning=False, tools=True, vision=True)),
    (re.compile(r"(^|/)deepseek-reasoner"), dict(reasoning=True, efforts=["max", "high", "low"], tools=True, vision=False)),
    (re.compile(r"(^|/)deepseek-chat"), dict(reasoning=False, tools=True, vision=False)),
    (re.compile(r"claude"), dict(reasoning=True, tools=True, vision=True)),
    (re.compile(r"gemini"), dict(reasoning=True, tools=True, vision=True)),
    (re.compile(r"qwen3|qwq|deepseek-r1|r1-distill|gpt-oss|magistral"), dict(reasoning=True)),
    (re.compile(r"llava|vision|-vl\b|-vl-|gemma3|gemma-3|pixtral|moondream|minicpm-v"), dict(vision=True)),
]


def apply_family(info: ModelInfo) -> ModelInfo:
    for pattern, known in FAMILIES:
        if pattern.search(info.id.lower()):
            for k in ("reasoning", "tools", "vision", "efforts", "token_field"):
                if k in known and getattr(info, k) is None:
                    setattr(info, k, known[k])
            if known.get("no_sampling") and info.supported_parameters is None:
                params = ["max_completion_tokens", "reasoning_effort", "stop", "seed", "response_format"]
                if known.get("tools"):
                    params += ["tools", "tool_choice", "parallel_tool_calls"]
                info.supported_parameters = params
            if info.source == "list":
                info.source = "family"
            break
    return info


# -- parsing ---------------------------------------------------------------------------------------


def parse_models(provider: str, data: list[dict[str, Any]]) -> list[ModelInfo]:
    """A provider's ``/models`` ``data`` list, whatever its richness, as ModelInfo."""
    out = []
    for m in data:
        if not isinstance(m, dict) or not m.get("id"):
            continue
        info = ModelInfo(id=str(m["id"]), provider=provider, name=str(m.get("name") or m["id"]))
        rich = "supported_parameters" in m or "pricing" in m or "architecture" in m
        if isinstance(m.get("context_length"), int):
            info.context_length = m["context_length"]
        top: dict[str, Any] = m["top_provider"] if isinstance(m.get("top_provider"), dict) else {}
        if isinstance(top.get("max_completion_tokens"), int):
            info.max_output = top["max_completion_tokens"]
        pricing: dict[str, Any] = m["pricing"] if isinstance(m.get("pricing"), dict) else {}
        info.prompt_price = price(pricing.get("prompt"))
        info.completion_price = price(pricing.get("completion"))
        info.cache_read_price = price(pricing.get("input_cache_read"))
        info.request_price = price(pricing.get("request"))
        arch: dict[str, Any] = m["architecture"] if isinstance(m.get("architecture"), dict) else {}
        mods = arch.get("input_modalities")
        if isinstance(mods, list):
            info.vision = "image" in mods
        params = m.get("supported_parameters")
        if isinstance(params, list):
            info.supported_parameters = [str(p) for p in params]
            info.tools = "tools" in params
            info.reasoning = "reasoning" in params or "include_reasoning" in params or "reasoning_effort" in params
        r = m.get("reasoning") if isinstance(m.get("reasoning"), dict) else None
        if r is not None:
            info.reasoning = True
            eff = r.get("supported_efforts")
            if isinstance(eff, list):
                info.efforts = [e for e in eff if e in EFFORTS]
            info.reasoning_mandatory = bool(r.get("mandatory"))
        if rich:
            info.source = "catalog"
        out.append(apply_family(info))
    return out


# -- the cache -------------------------------------------------------------------------------------


@dataclass
class CachedCatalog:
    provider: str
    fetched_at: float
    models: list[ModelInfo] = field(default_factory=list)
    error: str | None = None  # why the last refresh failed, if it did

    def stale(self, now: float | None = None) -> bool:
        return (now or time.time()) - self.fetched_at > REFRESH_AFTER_S

    def find(self, model_id: str) -> ModelInfo | None:
        return next((m for m in self.models if m.id == model_id), None)


class CatalogCache:
    """One JSON file per provider under the cache directory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, provider: str) -> Path:
        return self.folder / f"models-{re.sub(r'[^a-z0-9_-]', '_', provider.lower())}.json"

    def load(self, provider: str) -> CachedCatalog | None:
        try:
            raw = json.loads(self._path(provider).read_text(encoding="utf-8"))
            return CachedCatalog(provider, float(raw["fetched_at"]), [ModelInfo(**m) for m in raw["models"]], raw.get("error"))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no cache, or an unreadable one: fetch again

    def save(self, cat: CachedCatalog) -> None:
        """Keep the list for next time; a cache that cannot be written (read-only, full) is skipped."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self._path(cat.provider)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps({"fetched_at": cat.fetched_at, "error": cat.error,
                                       "models": [asdict(m) for m in cat.models]}), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass


async def refresh(client: Any, provider: Any, key: str | None, cache: CatalogCache, force: bool = False) -> CachedCatalog:
    """The provider's catalog: from the cache if fresh, else fetched; a failed fetch keeps the cache
    (with ``error`` set) or raises if there is none."""
    from ponder.core.errors import PonderError

    cached = cache.load(provider.id)
    if cached is not None and not force and not cached.stale():
        return cached
    try:
        data = await client.list_models(provider, key)
    except PonderError as e:
        if cached is None:
            raise
        cached.error = say("Could not refresh the model list ({why}); showing the one from {when}").format(
            why=e, when=time.strftime("%Y-%m-%d %H:%M", time.localtime(cached.fetched_at)))
        return cached
    cat = CachedCatalog(provider.id, time.time(), parse_models(provider.id, data))
    cache.save(cat)
    return cat


def known_model(provider: str, model_id: str) -> ModelInfo:
    """What our family table knows of a model no catalog described."""
    return apply_family(ModelInfo(id=model_id, provider=provider))


# -- parameters that fit the model ------------------------------------------------------------------


def fit(settings: Any, info: ModelInfo | None) -> tuple[Any, list[Adjustment]]:
    """The settings the model will accept, and an Adjustment for each change: a model that is
    known not to take a parameter would answer HTTP 400, so it is left out and the user told.
    The user's own values are not changed: switching back to another model sends them again."""
    from dataclasses import replace

    from ponder.core.wire.protocol import nearest_effort

    if info is None:
        return settings, []
    s = replace(settings, tools=list(settings.tools), extra=dict(settings.extra))
    notes: list[Adjustment] = []
    for p in SAMPLING + ("logit_bias", "logprobs"):
        if getattr(s, p) not in (None, [], {}) and info.takes(p) is False:
            setattr(s, p, None)
            notes.append(Adjustment(p, say("{model} does not take {param}").format(model=info.id, param=p)))
    if s.web and info.provider != "openrouter" and info.takes("web_search_options") is False:
        s.web = None
        notes.append(Adjustment("web search", say("{model} does not search the web").format(model=info.id)))
    if s.logprobs and info.takes("top_logprobs") is False:
        s.logprobs = 0  # log probabilities, without the alternatives
        notes.append(Adjustment("top_logprobs", say("{model} gives no alternatives").format(model=info.id), "0"))
    if s.tools and (info.tools is False or info.takes("tools") is False):
        s.tools, s.tool_choice, s.parallel_tool_calls = [], None, None
        notes.append(Adjustment("tools", say("{model} cannot call tools").format(model=info.id)))
    if s.response_format is not None and info.takes("response_format") is False:
        s.response_format = None
        notes.append(Adjustment("response_format", say("{model} does not take response_format").format(model=info.id)))
    elif (s.response_format or {}).get("type") == "json_schema" and info.takes("structured_outputs") is False \
            and info.takes("response_format"):
        # JSON mode, but not schemas (OpenRouter lists structured_outputs for those): JSON is asked
        # for, and the answer is still checked against the schema.
        s.response_format = {"type": "json_object"}
        notes.append(Adjustment("response_format", say("{model} takes JSON mode but not a schema").format(model=info.id), "json_object"))
    if s.effort is not None:
        if info.reasoning is False:
            notes.append(Adjustment("effort", say("{model} does not reason").format(model=info.id)))
            s.effort = None
        elif info.efforts:
            levels = tuple(e for e in info.efforts if not (e == "none" and info.reasoning_mandatory))
            want = s.effort
            if want == "none" and "none" not in levels:
                # It cannot stop reasoning: the least it does is the closest to what was asked.
                got = min(levels, key=EFFORTS.index) if levels else None
                why = say("{model} cannot turn reasoning off").format(model=info.id)
            else:
                got = nearest_effort(want, levels)
                why = say("{model} offers {efforts}").format(model=info.id, efforts=", ".join(info.efforts))
            if got != want:
                s.effort = got
                notes.append(Adjustment("effort", why, got))
    return s, notes


OVERRIDABLE = ("vision", "tools", "reasoning")


def apply_overrides(info: ModelInfo, override: dict[str, Any] | None) -> ModelInfo:
    """The user's word about a model beats the catalog's and our table's."""
    from dataclasses import replace

    if not override:
        return info
    info = replace(info)
    for k in OVERRIDABLE:
        if isinstance(override.get(k), bool):
            setattr(info, k, override[k])
            if k == "tools" and info.supported_parameters is not None:
                params = [p for p in info.supported_parameters if p not in ("tools", "tool_choice")]
                info.supported_parameters = params + (["tools", "tool_choice"] if override[k] else [])
            if k == "reasoning" and not override[k]:
                info.efforts = None
    if isinstance(override.get("context_length"), int) and override["context_length"] > 0:
        info.context_length = override["context_length"]
    info.source = "override"
    return info


def lookup(cache: CatalogCache | None, provider: str, model_id: str,
           overrides: dict[str, dict[str, Any]] | None = None) -> ModelInfo:
    """What is known of a model without a request: the cached catalog, else the family table,
    then the user's overrides (keyed "provider:model")."""
    cat = cache.load(provider) if cache is not None else None
    found = cat.find(model_id) if cat is not None else None
    info = found if found is not None else known_model(provider, model_id)
    return apply_overrides(info, (overrides or {}).get(f"{provider}:{model_id}"))
