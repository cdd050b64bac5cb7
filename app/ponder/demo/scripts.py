"""The demo provider's scripted models: what each one says, and in which wire dialect.

Every model turns a request into a list of steps (reasoning text, answer text, tool calls,
refusal), and its dialect turns the steps into chunks shaped like a real provider's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

CREATED = 1763800000

# id -> (name, style, description, input modalities, supported parameters, efforts, default tps)
MODELS: dict[str, dict[str, Any]] = {
    "demo/reasoning": dict(
        name="Demo: reasoning (DeepSeek style)",
        style="reasoning_content",
        description="Thinks in delta.reasoning_content, then answers in markdown.",
        efforts=["high", "medium", "low"],
        tps=60.0,
    ),
    "demo/openrouter": dict(
        name="Demo: reasoning (OpenRouter style)",
        style="openrouter",
        description="delta.reasoning plus reasoning_details with a signature, and usage.cost.",
        efforts=["xhigh", "high", "medium", "low", "minimal", "none"],
        tps=60.0,
    ),
    "demo/reasoning-field": dict(
        name="Demo: reasoning (Ollama/vLLM style)",
        style="reasoning",
        description="Thinks in delta.reasoning, as Ollama and vLLM >= 0.16 do.",
        efforts=["high", "medium", "low"],
        tps=60.0,
    ),
    "demo/think": dict(
        name="Demo: think tags in content",
        style="think",
        description="A server without a reasoning parser: <think>...</think> inside content.",
        tps=60.0,
    ),
    "demo/hidden": dict(
        name="Demo: hidden reasoning (o-series style)",
        style="hidden",
        description="Reasons without showing it; only usage.reasoning_tokens tells.",
        efforts=["high", "medium", "low"],
        tps=60.0,
    ),
    "demo/tools": dict(
        name="Demo: tool calls",
        style="tools",
        description="Calls the first tool it is offered, then answers with the result.",
        tools=True,
        tps=80.0,
    ),
    "demo/vision": dict(
        name="Demo: vision",
        style="vision",
        description="Answers with what it received: image count, sizes, formats and bytes.",
        vision=True,
        tps=80.0,
    ),
    "demo/fast": dict(
        name="Demo: plain and fast",
        style="plain",
        description="No reasoning; a markdown answer at 400 tokens/s.",
        tps=400.0,
    ),
    "demo/deep-research": dict(
        name="Demo: deep research",
        style="research",
        description="Research summaries, a long silence (no keep-alives: its name says it is slow), then an answer with sources.",
        web=True,
        tps=40.0,
    ),
    "demo/search": dict(
        name="Demo: web search",
        style="search",
        description="Answers with its sources: url_citation annotations over the text, as web search leaves.",
        web=True,
        tps=120.0,
    ),
}

# What the demo's web search "found" (never fetched: the addresses are only shown, and opened on a click).
SEARCH_ANSWER = [
    ("The sky looks blue because air scatters short wavelengths of sunlight more than long ones.",
     "https://en.wikipedia.org/wiki/Rayleigh_scattering", "Rayleigh scattering - Wikipedia"),
    (" Violet is scattered even more, but the Sun sends less of it and our eyes are less sensitive to it.",
     "https://www.nasa.gov/sky-colour", "Why is the sky blue? | NASA Space Place"),
    (" At sunset the light crosses far more air, so the blue is scattered away and reds remain.",
     "https://en.wikipedia.org/wiki/Rayleigh_scattering", "Rayleigh scattering - Wikipedia"),
]

PRICING = {"prompt": "0.0000005", "completion": "0.0000015"}


def model_list() -> list[dict[str, Any]]:
    """``GET /v1/models`` in OpenRouter's schema (a superset of OpenAI's)."""
    out = []
    for mid, m in MODELS.items():
        params = ["max_tokens", "temperature", "top_p", "stop", "seed", "response_format", "structured_outputs"]
        if m["style"] != "hidden":  # o-series style models give no log probabilities
            params += ["frequency_penalty", "presence_penalty", "logit_bias", "logprobs", "top_logprobs"]
        if m.get("web"):
            params += ["web_search_options"]
        if m.get("tools"):
            params += ["tools", "tool_choice", "parallel_tool_calls"]
        entry: dict[str, Any] = {
            "id": mid,
            "object": "model",
            "owned_by": "ponder-demo",
            "canonical_slug": mid,
            "name": m["name"],
            "created": CREATED,
            "description": m["description"],
            "context_length": 65536,
            "architecture": {
                "input_modalities": ["text", "image"] if m.get("vision") else ["text"],
                "output_modalities": ["text"],
                "tokenizer": "demo",
                "instruct_type": None,
            },
            "pricing": dict(PRICING, request="0", image="0", web_search="0", internal_reasoning="0"),
            "top_provider": {"context_length": 65536, "max_completion_tokens": 8192, "is_moderated": False},
            "per_request_limits": None,
            "supported_parameters": params + (["reasoning", "include_reasoning"] if m.get("efforts") else []),
        }
        if m.get("efforts"):
            entry["reasoning"] = {
                "supported_efforts": m["efforts"],
                "default_effort": "medium",
                "default_enabled": True,
                "supports_max_tokens": False,
                "mandatory": "none" not in m["efforts"],
            }
        out.append(entry)
    return out


# -- what the models say ------------------------------------------------------------------------

ANSWER = """## {title}

You said: *{echo}*

Here is what a rich answer looks like:

- **Bold**, *italic* and `inline code`
- A [link](https://example.com) that opens only when clicked
- Nested items:
  1. first
  2. second

| Model | Tokens/s | Cost |
|---|---:|---:|
| demo/fast | 400 | $0.0001 |
| demo/reasoning | 60 | $0.0004 |

```python
def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
```

```rust
fn main() {{
    println!("Hello from the demo provider");
}}
```

> Everything here was streamed by Ponder's built-in demo server, on your own machine.
"""

REASONING = (
    "The user wrote \"{echo}\". I should answer with a short markdown demo: a heading, a list, "
    "a table and two code blocks. Let me check the Fibonacci loop: fib(10) = 55, correct. "
    "I'll keep it brief."
)

MATH_ANSWER = r"""## The Gaussian integral

Square it and change to polar coordinates, where $dx\,dy = r\,dr\,d\theta$:

$$
\left(\int_{-\infty}^{\infty} e^{-x^2}\,dx\right)^2 = \int_0^{2\pi}\!\int_0^{\infty} e^{-r^2}\,r\,dr\,d\theta = \pi
$$

so $\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}$. Two more that models write often:

- the sum of squares, \(\sum_{k=1}^{n} k^2 = \frac{n(n+1)(2n+1)}{6}\);
- a determinant, $\det\begin{pmatrix} a & b \\ c & d \end{pmatrix} = ad - bc$.

Prices stay text: the book costs $5 and the course $10. Code stays code: `$HOME`.
"""

MATH_REASONING = r"""**Setting up**

Let $I = \int_{-\infty}^{\infty} e^{-x^2}\,dx$. Then $I^2$ is a double integral over the plane.

**Polar coordinates**

With $x = r\cos\theta$, $y = r\sin\theta$ the Jacobian is $r$, and $\int_0^\infty e^{-r^2} r\,dr = \tfrac12$, so $I^2 = \pi$.
"""

def formulas(n: int) -> str:
    """An answer of ``n`` different formulas, inline and (each fifth) on display."""
    out = []
    for i in range(1, n + 1):
        if i % 5 == 0:
            out.append(f"Step {i}, on display:\n\n$$\n\\sum_{{k=1}}^{{{i}}} k^2 = \\frac{{{i}({i}+1)(2\\cdot {i}+1)}}{{6}}\n$$")
        else:
            out.append(f"Step {i}: with $x_{{{i}}} = \\sqrt{{{i}}}\\,\\alpha^{{{i % 7 + 2}}}$ we get "
                       f"\\(\\int_0^{{{i}}} t\\,dt = \\tfrac{{{i * i}}}{{2}}\\), as the table said.")
    return "\n\n".join(out) + "\n"


_FORMULAS = re.compile(r"^/formulas (\d+)", re.M)
_MATH_PROMPT = re.compile(r"\b(math|formula|latex|integral|equation)s?\b", re.I)

FILLER = (
    "This paragraph pads the answer to the requested length, one word at a time, so that long "
    "streams can be tested. Real answers come in paragraphs, and so does this one.\n\n"
)

_TOKEN = re.compile(r"\S+\s*|\s+")


def split_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def last_user_text(messages: list[dict[str, Any]]) -> str:
    for m in reversed(messages):
        if m.get("role") == "user":
            c = m.get("content")
            if isinstance(c, str):
                return c
            if isinstance(c, list):
                return " ".join(p.get("text", "") for p in c if isinstance(p, dict))
    return ""


def _fit(text: str, tokens: int | None) -> list[str]:
    """The answer's tokens, padded or cut to ``tokens`` when asked."""
    toks = split_tokens(text)
    if tokens is None:
        return toks
    if len(toks) < tokens and not text.endswith("\n\n"):
        toks.append("\n\n" if not text.endswith("\n") else "\n")  # padding starts a paragraph
    filler = split_tokens(FILLER)
    while len(toks) < tokens:
        toks.extend(filler[: tokens - len(toks)])
    return toks[:tokens]


# -- images, for the vision model ----------------------------------------------------------------


def image_info(data: bytes) -> tuple[str, int, int] | None:
    """(format, width, height) from an image's header, or None if it is not one we know."""
    from ponder.core.answers.attachments import sniff

    return sniff(data)


def describe_attachments(messages: list[dict[str, Any]]) -> str:
    """What the vision model 'sees' in the last user message."""
    last = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    parts = last.get("content") if last else None
    lines: list[str] = []
    n_img = n_file = 0
    if isinstance(parts, list):
        for p in parts:
            if not isinstance(p, dict):
                continue
            if p.get("type") == "image_url":
                n_img += 1
                iu = p.get("image_url") or {}
                url = iu.get("url", "") if isinstance(iu, dict) else str(iu)
                detail = iu.get("detail", "auto") if isinstance(iu, dict) else "auto"
                lines.append(f"{n_img}. " + _describe_url(url, detail))
            elif p.get("type") == "file":
                n_file += 1
                f = p.get("file") or {}
                lines.append(f"file {n_file}: {f.get('filename', '(no name)')}")
    if not n_img and not n_file:
        return "I received no images. Attach one and ask again."
    head = f"I received {n_img} image{'s' if n_img != 1 else ''}"
    head += f" and {n_file} file{'s' if n_file != 1 else ''}:" if n_file else ":"
    return head + "\n\n" + "\n".join(lines)


def _describe_url(url: str, detail: str) -> str:
    m = re.match(r"data:([\w/+.-]+);base64,(.*)", url, re.S)
    if not m:
        return f"a remote image at {url[:80]} (not fetched), detail {detail}"
    mime, b64 = m.groups()
    try:
        data = base64.b64decode(b64, validate=False)
    except ValueError:
        return f"{mime}, not valid base64"
    info = image_info(data)
    if info is None:
        return f"{mime}, {len(data):,} bytes, not an image I can read"
    fmt, w, h = info
    return f"{fmt} {w}x{h}, {len(data):,} bytes, sent as {mime}, detail {detail}"


# -- steps ---------------------------------------------------------------------------------------


@dataclass
class Plan:
    """What one request will produce."""

    reasoning: list[str]
    content: list[str]
    tool_calls: list[dict[str, Any]]
    prompt_tokens: int
    hidden_reasoning_tokens: int = 0
    annotations: list[dict[str, Any]] = field(default_factory=list)  # url_citation, sent at the end
    logprobs: int | None = None  # log probabilities asked for: with this many alternatives


_ARITHMETIC = re.compile(r"[-+*/%^().\d\s]*\d[-+*/%^().\d\s]*[-+*/%^][-+*/%^().\d\s]*\d[)\s]*")
_ZONE = re.compile(r"\b[A-Z][A-Za-z_]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?\b")
_QUOTED = re.compile(r"[\"“«]([^\"”»]{1,2000})[\"”»]")


def _sample_args(schema: dict[str, Any], prompt: str = "") -> dict[str, Any]:
    """Arguments for a tool: taken from the prompt where it holds them (an arithmetic
    expression, a time zone, a quoted text), else plausible samples."""
    props = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(props, dict):
        return {}
    required = schema.get("required") or list(props)
    out: dict[str, Any] = {}
    for name in required:
        p = props.get(name) or {}
        t = p.get("type")
        if p.get("enum"):
            out[name] = p["enum"][0]
        elif t in ("integer", "number"):
            found = re.search(r"\d+(?:\.\d+)?", prompt)
            out[name] = (float(found.group()) if t == "number" else int(float(found.group()))) if found else 3
        elif t == "boolean":
            out[name] = True
        elif t == "array":
            out[name] = []
        elif t == "object":
            out[name] = {}
        elif "expr" in name and (m := _ARITHMETIC.search(prompt)):
            out[name] = m.group().strip()
        elif "zone" in name and (m := _ZONE.search(prompt)):
            out[name] = m.group()
        elif "text" in name:
            out[name] = (m.group(1) if (m := _QUOTED.search(prompt)) else prompt)
        elif "color" in name or "colour" in name:
            out[name] = next((c for c in ("red", "green", "blue", "orange", "purple") if c in prompt.lower()), "blue")
        else:
            out[name] = "Paris" if "loc" in name or "city" in name else "demo"
    return out


def _named(tools: list[Any], prompt: str) -> dict[str, Any]:
    """The tool the prompt names (by its own name or its name after a server's "__"), else the first."""
    fns = [(t.get("function") or t) for t in tools if isinstance(t, dict)]
    low = prompt.lower()
    for fn in fns:
        name = str(fn.get("name", ""))
        short = name.rsplit("__", 1)[-1]
        if name.lower() in low or short.lower() in low or short.replace("_", " ").lower() in low:
            return fn
    return fns[0] if fns else {}


def plan(model: str, body: dict[str, Any], tokens: int | None, reasoning_tokens: int | None = None) -> Plan:
    messages = body.get("messages") or []
    user = last_user_text(messages)
    echo = user.strip().replace("\n", " ")[:120] or "(nothing)"
    prompt_tokens = sum(len(split_tokens(json.dumps(m.get("content")))) for m in messages)
    style = MODELS[model]["style"]
    title = MODELS[model]["name"].split(": ", 1)[-1].capitalize()
    answer = ANSWER.format(title=title, echo=echo)
    thought = REASONING.format(echo=echo)
    if _MATH_PROMPT.search(user):  # a prompt about math gets formulas, in the answer and the thinking
        answer, thought = MATH_ANSWER, MATH_REASONING
    if m := _FORMULAS.search(user):  # "/formulas N": N different formulas (bench/ui.py)
        answer = formulas(int(m.group(1)))
    reasoning = _fit(thought, reasoning_tokens) if reasoning_tokens else split_tokens(thought)
    content = _fit(answer, tokens)
    tool_calls: list[dict[str, Any]] = []

    fmt = body.get("response_format") if isinstance(body.get("response_format"), dict) else {}
    asked = (body.get("top_logprobs") or 0) if body.get("logprobs") else None
    if fmt.get("type") in ("json_object", "json_schema") and style not in ("tools", "vision"):
        schema = (fmt.get("json_schema") or {}).get("schema") if fmt.get("type") == "json_schema" else None
        value = _instance(schema) if isinstance(schema, dict) else {"answer": echo, "words": len(user.split())}
        if isinstance(value, dict) and "/badjson" in user and value:  # an answer that misses the schema
            value.pop(next(iter(value)))
        p = Plan([], split_tokens(json.dumps(value, ensure_ascii=False, indent=2)), [], prompt_tokens, logprobs=asked)
        return p
    if style == "research":
        steps = (f"**Planning the search**\n\nWhat is asked: {echo}. Sources that explain it for a general reader.\n\n"
                 "**Reading the sources**\n\nTwo sources agree on the mechanism; one adds the sunset case.\n\n")
        text, annotations = _cited_answer()
        return Plan(split_tokens(steps), split_tokens(text), [], prompt_tokens, annotations=annotations)
    if style == "search":
        text, annotations = _cited_answer()
        return Plan([], split_tokens(text), [], prompt_tokens, annotations=annotations, logprobs=asked)
    if style == "vision":
        return Plan([], _fit(describe_attachments(messages), tokens), [], prompt_tokens)
    if style == "tools":
        tools = body.get("tools") or []
        last = messages[-1] if messages else {}
        looping = "loop" in user.lower()  # keeps calling: how a model that never stops looks
        if last.get("role") == "tool" and not looping:
            result = str(last.get("content", ""))[:500]
            text = f"The tool answered:\n\n```\n{result}\n```\n\nThat settles it."
            return Plan([], _fit(text, tokens), [], prompt_tokens)
        if not tools or body.get("tool_choice") == "none":
            text = "I am the tool-calling demo model. Offer me a tool and I will call it."
            return Plan([], _fit(text, tokens), [], prompt_tokens)
        fn = _named(tools, user)
        choice = body.get("tool_choice")
        if isinstance(choice, dict):
            wanted = (choice.get("function") or {}).get("name")
            fn = next(
                ((t.get("function") or t) for t in tools if (t.get("function") or t).get("name") == wanted),
                fn,
            )
        rounds = sum(1 for mm in messages if isinstance(mm, dict) and mm.get("role") == "tool")
        chosen = [fn]
        if "parallel" in user.lower():  # every tool the prompt names, in one answer (parallel calls)
            fns = [(t.get("function") or t) for t in tools if isinstance(t, dict)]
            named = [f for f in fns if str(f.get("name", "")).rsplit("__", 1)[-1].lower() in user.lower()]
            chosen = named[:3] or chosen
        for i, f in enumerate(chosen):
            call_id = "call_" + hashlib.sha1(f"{user}#{rounds}#{i}".encode()).hexdigest()[:20]
            args = json.dumps(_sample_args(f.get("parameters") or {}, user))
            tool_calls.append({"id": call_id, "name": f.get("name", "tool"), "arguments": args})
        return Plan([], [], tool_calls, prompt_tokens)
    if style == "plain":
        return Plan([], content, [], prompt_tokens, logprobs=asked)
    if style == "hidden":
        return Plan([], content, [], prompt_tokens, hidden_reasoning_tokens=len(reasoning))
    effort = body.get("reasoning_effort") or (body.get("reasoning") or {}).get("effort")
    thinking = body.get("thinking") or {}
    if effort == "none" or thinking.get("type") == "disabled":
        reasoning = []
    elif effort in _EFFORT_SHARE and not reasoning_tokens:  # more effort, more thinking (as real models do)
        n = max(1, int(len(reasoning) * _EFFORT_SHARE[effort]))
        reasoning = (reasoning * 3)[:n]
    return Plan(reasoning, content, [], prompt_tokens, logprobs=asked if style != "hidden" else None)


def _cited_answer() -> tuple[str, list[dict[str, Any]]]:
    """SEARCH_ANSWER's sentences, and a url_citation over each (its leading space left out)."""
    text, annotations = "", []
    for sentence, url, title in SEARCH_ANSWER:
        start = len(text) + (1 if sentence.startswith(" ") else 0)
        text += sentence
        annotations.append({"type": "url_citation", "url_citation": {
            "url": url, "title": title, "start_index": start, "end_index": len(text)}})
    return text, annotations


_EFFORT_SHARE = {"minimal": 0.2, "low": 0.4, "medium": 0.7, "high": 1.0, "xhigh": 1.6, "max": 2.4}


def _instance(schema: dict[str, Any], depth: int = 0) -> Any:
    """A value that fits a JSON Schema (the demo's structured answers)."""
    if depth > 8:
        return None
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(key), list) and schema[key] and isinstance(schema[key][0], dict):
            return _instance(schema[key][0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or isinstance(schema.get("properties"), dict):
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        return {k: _instance(v if isinstance(v, dict) else {}, depth + 1) for k, v in props.items()}
    if kind == "array":
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        n = min(3, max(1, int(schema.get("minItems") or 1)))
        return [_instance(items, depth + 1) for _ in range(n)]
    if kind == "integer":
        return int(schema.get("minimum", 42)) if isinstance(schema.get("minimum"), (int, float)) else 42
    if kind == "number":
        return float(schema.get("minimum", 3.5)) if isinstance(schema.get("minimum"), (int, float)) else 3.5
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    fmt = schema.get("format")
    return {"date": "2026-12-02", "date-time": "2026-12-02T10:00:00Z", "email": "ada@example.com",
            "uri": "https://example.com/"}.get(str(fmt), "example")


# -- chunks --------------------------------------------------------------------------------------


class Emitter:
    """Turns a plan into SSE frames in the model's dialect."""

    def __init__(self, model: str, rid: str) -> None:
        self.model = model
        self.style = MODELS[model]["style"]
        self.rid = rid
        base = {"id": rid, "object": "chat.completion.chunk", "created": CREATED, "model": model}
        if self.style == "openrouter":
            base["provider"] = "Demo"
        self._base = base
        # Content chunks are the hot path of a long stream: a template, not a dict per chunk.
        head = json.dumps({**base, "choices": [{"index": 0, "delta": {"content": ""}}]})
        cut = head.index('"content": ""') + len('"content": ')
        self._c_head = ("data: " + head[:cut]).encode()
        self._c_tail = (head[cut + 2 :] + "\n\n").encode()
        if self.style == "openrouter":
            self._c_head = self._c_head.replace(b'"delta": {', b'"delta": {"role": "assistant", ')

    def frame(self, delta: dict[str, Any] | None = None, finish: str | None = None, **top: Any) -> bytes:
        ch: dict[str, Any] = {"index": 0, "delta": delta or {}, "finish_reason": finish}
        obj = {**self._base, "choices": [ch] if delta is not None or finish else [], **top}
        return b"data: " + json.dumps(obj).encode() + b"\n\n"

    def content(self, text: str) -> bytes:
        if self.style == "think":
            return self.frame({"content": text})
        return self._c_head + json.dumps(text).encode() + self._c_tail

    def frame_lp(self, text: str, top: int) -> bytes:
        """A content chunk with its token's log probability and ``top`` alternatives (made up,
        the same each time: the demo has no model to ask)."""
        h = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
        lp = -((h % 1000) / 1000) ** 12 * 6  # mostly sure, now and then not at all
        candidates = [text.strip()[::-1] or "·", text.upper(), " the", " a", text.strip() + "s"]
        alts = [{"token": c, "logprob": lp - 0.7 - 0.9 * i} for i, c in enumerate(dict.fromkeys(c for c in candidates if c != text))]
        entry = {"token": text, "logprob": round(lp, 4), "bytes": list(text.encode()), "top_logprobs":
                 [{"token": text, "logprob": round(lp, 4)}] + [dict(a, logprob=round(a["logprob"], 4)) for a in alts[: max(0, top - 1)]]}
        ch = {"index": 0, "delta": {"content": text}, "finish_reason": None, "logprobs": {"content": [entry]}}
        return b"data: " + json.dumps({**self._base, "choices": [ch]}).encode() + b"\n\n"

    def reasoning(self, text: str) -> bytes:
        if self.style == "research":  # OpenAI's reasoning summaries, as OpenRouter passes them on
            detail = {"type": "reasoning.summary", "summary": text, "format": "openai-responses-v1", "index": 0}
            return self.frame({"role": "assistant", "content": "", "reasoning": text, "reasoning_details": [detail]})
        if self.style == "openrouter":
            detail = {"type": "reasoning.text", "text": text, "format": "unknown", "index": 0}
            return self.frame({"role": "assistant", "content": "", "reasoning": text, "reasoning_details": [detail]})
        if self.style == "reasoning":
            return self.frame({"content": "", "reasoning": text})
        if self.style == "think":
            return self.frame({"content": text})
        return self.frame({"content": None, "reasoning_content": text})

    def frames(self, p: Plan) -> Iterator[bytes]:
        """Every frame of the answer, in order, ending with usage and [DONE]."""
        if self.style == "openrouter":
            yield b": OPENROUTER PROCESSING\n\n"
        yield self.frame({"role": "assistant", "content": "" if self.style == "openrouter" else None})
        if p.reasoning:
            if self.style == "think":
                yield self.content("<think>\n")
            for t in p.reasoning:
                yield self.reasoning(t)
            if self.style == "think":
                yield self.content("\n</think>\n\n")
            elif self.style == "openrouter":
                sig = base64.b64encode(hashlib.sha256(self.rid.encode()).digest()).decode()
                detail = {"type": "reasoning.text", "signature": sig, "format": "unknown", "index": 0}
                yield self.frame({"role": "assistant", "content": "", "reasoning_details": [detail]})
        if p.logprobs is None:
            for t in p.content:
                yield self.content(t)
        else:
            for t in p.content:
                yield self.frame_lp(t, p.logprobs)
        if p.annotations:
            yield self.frame({"role": "assistant", "content": "", "annotations": p.annotations})
        for i, tc in enumerate(p.tool_calls):
            first = {"index": i, "id": tc["id"], "type": "function", "function": {"name": tc["name"], "arguments": ""}}
            yield self.frame({"tool_calls": [first]})
            args = tc["arguments"]
            for j in range(0, len(args), 8):
                yield self.frame({"tool_calls": [{"index": i, "function": {"arguments": args[j : j + 8]}}]})
        finish = "tool_calls" if p.tool_calls else "stop"
        yield self.frame({}, finish)
        yield self.frame(None, usage=self.usage(p))
        yield b"data: [DONE]\n\n"

    def usage(self, p: Plan) -> dict[str, Any]:
        r = len(p.reasoning) + p.hidden_reasoning_tokens
        completion = r + len(p.content) + sum(len(t["arguments"]) // 4 + 1 for t in p.tool_calls)
        u: dict[str, Any] = {
            "prompt_tokens": p.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": p.prompt_tokens + completion,
            "prompt_tokens_details": {"cached_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": r},
        }
        if self.style == "openrouter":
            cost = p.prompt_tokens * float(PRICING["prompt"]) + completion * float(PRICING["completion"])
            u["cost"] = round(cost, 10)
            u["is_byok"] = False
        return u

    def message(self, p: Plan) -> dict[str, Any]:
        """The whole answer as a non-streamed ``chat.completion``."""
        msg: dict[str, Any] = {"role": "assistant", "content": "".join(p.content) or None}
        if p.reasoning:
            text = "".join(p.reasoning)
            if self.style == "think":
                msg["content"] = f"<think>\n{text}\n</think>\n\n" + (msg["content"] or "")
            elif self.style in ("openrouter", "reasoning"):
                msg["reasoning"] = text
            else:
                msg["reasoning_content"] = text
        if p.tool_calls:
            msg["tool_calls"] = [
                {"id": t["id"], "type": "function", "function": {"name": t["name"], "arguments": t["arguments"]}}
                for t in p.tool_calls
            ]
        finish = "tool_calls" if p.tool_calls else "stop"
        return {
            **self._base,
            "object": "chat.completion",
            "choices": [{"index": 0, "message": msg, "finish_reason": finish}],
            "usage": self.usage(p),
        }
