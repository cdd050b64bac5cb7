"""``ponder mcp-demo``: a small MCP server (stdio) with real tools, so tool use works offline and
the tests have a real server process to talk to. Made with the official SDK.

Tools: a calculator, the time in a time zone, a word count, a colour swatch (an image), a slow
task that reports progress, and one that always fails. ``--with-faults`` adds what tests need
to see Ponder cope: a tool that crashes the server, one that never answers, one that returns
megabytes.
"""

from __future__ import annotations

import ast
import asyncio
import math
import operator
import os
import struct
import sys
import zlib
from datetime import datetime, timezone
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.utilities.types import Image

_OPS: dict[type, Any] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
    ast.USub: operator.neg, ast.UAdd: operator.pos,
}
_FUNCS = {"sqrt": math.sqrt, "sin": math.sin, "cos": math.cos, "tan": math.tan, "log": math.log, "exp": math.exp,
          "abs": abs, "round": round}
_CONSTS = {"pi": math.pi, "e": math.e}


def calculate(expression: str) -> float | int:
    """Arithmetic only (+ - * / // % **, parentheses, sqrt, sin, cos, tan, log, exp, abs, round,
    pi, e): the expression is parsed, never run as Python."""
    if len(expression) > 500:
        raise ToolError("The expression is longer than 500 characters")

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.Name) and node.id in _CONSTS:
            return _CONSTS[node.id]
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > 1000:
                raise ToolError("An exponent above 1000 is more than this calculator does")
            return _OPS[type(node.op)](left, right)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS
                and not node.keywords and len(node.args) in (1, 2)):
            return _FUNCS[node.func.id](*(ev(a) for a in node.args))
        raise ToolError(f"Not arithmetic: {ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__}")

    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        raise ToolError(f"'{expression}' is not an arithmetic expression") from None
    return ev(tree)  # type: ignore[no-any-return]


def current_time(zone: str = "UTC") -> str:
    """The date and time now in an IANA time zone ("Europe/Paris", "Asia/Shanghai", "UTC")."""
    if zone.upper() in ("UTC", "Z", "GMT"):
        now = datetime.now(timezone.utc)
    else:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            now = datetime.now(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            raise ToolError(f"'{zone}' is not a time zone this machine knows (try 'Europe/Paris' or 'UTC')") from None
    return now.strftime("%A %d %B %Y, %H:%M:%S %Z (UTC%z)")


def word_count(text: str) -> dict[str, int]:
    """Words, characters and lines of a text."""
    return {"words": len(text.split()), "characters": len(text), "lines": text.count("\n") + 1 if text else 0}


def swatch_png(color: str, size: int = 48) -> bytes:
    """A square PNG of one colour (#rrggbb or a few names), made without any image library."""
    names = {"red": "#d62728", "green": "#2ca02c", "blue": "#1f77b4", "orange": "#ff7f0e", "purple": "#9467bd",
             "black": "#000000", "white": "#ffffff", "grey": "#808080", "gray": "#808080", "yellow": "#e8c500"}
    hexa = names.get(color.strip().lower(), color.strip())
    if len(hexa) != 7 or hexa[0] != "#" or any(c not in "0123456789abcdefABCDEF" for c in hexa[1:]):
        raise ToolError(f"'{color}' is not a colour: give #rrggbb or one of {', '.join(sorted(names))}")
    rgb = bytes.fromhex(hexa[1:])
    size = max(8, min(256, size))
    raw = b"".join(b"\0" + rgb * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def build(with_faults: bool = False) -> MCPServer:
    server = MCPServer("ponder-demo", instructions="Ponder's demo tools: arithmetic, time zones, word counts.")

    @server.tool(name="calculate")
    def _calculate(expression: str) -> str:
        """Evaluate an arithmetic expression, e.g. "(17 + 4) * 2 / 3" or "sqrt(2) * pi"."""
        value = calculate(expression)
        return f"{expression} = {value:g}" if isinstance(value, float) else f"{expression} = {value}"

    @server.tool(name="current_time")
    def _current_time(zone: str = "UTC") -> str:
        """The current date and time in an IANA time zone such as "Europe/Paris" or "Asia/Shanghai"."""
        return current_time(zone)

    @server.tool(name="word_count")
    def _word_count(text: str) -> dict[str, int]:
        """Count the words, characters and lines of a text."""
        return word_count(text)

    @server.tool(name="color_swatch")
    def _swatch(color: str) -> Image:
        """A small square image of a colour (#rrggbb, or red, green, blue, orange, purple, ...)."""
        return Image(data=swatch_png(color), format="png")

    @server.tool(name="slow_task")
    async def _slow(ctx: Context, seconds: float = 3.0) -> str:
        """Work for a while (at most 60 s), reporting progress in five steps."""
        seconds = max(0.0, min(60.0, seconds))
        for i in range(5):
            await ctx.report_progress(i, 5, f"step {i + 1} of 5")
            await asyncio.sleep(seconds / 5)
        return f"Finished after {seconds:g} s"

    @server.tool(name="always_fails")
    def _fails(reason: str = "on purpose") -> str:
        """A tool that always fails, to see how errors look."""
        raise ToolError(f"This tool failed {reason}")

    if with_faults:
        @server.tool(name="crash")
        def _crash() -> str:
            """End the server's process in the middle of the call."""
            sys.stderr.write("demo server: crashing as asked\n")
            sys.stderr.flush()
            os._exit(3)

        @server.tool(name="hang")
        async def _hang() -> str:
            """Never answer."""
            await asyncio.sleep(3600)
            return "too late"

        @server.tool(name="big_output")
        def _big(kilobytes: int = 5000) -> str:
            """Return this many kilobytes of text."""
            line = "All work and no play makes a long result. " * 2 + "\n"
            return (line * (kilobytes * 1024 // len(line) + 1))[: kilobytes * 1024]

    return server


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    build(with_faults="--with-faults" in args).run("stdio")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
