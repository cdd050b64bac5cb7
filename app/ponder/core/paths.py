"""Where Ponder keeps its files. ``PONDER_HOME`` puts every one of them under one folder
(portable installs, tests); otherwise the platform's places (XDG on Linux)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class Paths:
    data: Path  # the history database, attachments
    config: Path  # settings.json
    cache: Path  # model catalogs
    logs: Path

    @property
    def database(self) -> Path:
        return self.data / "ponder.db"

    @property
    def settings(self) -> Path:
        return self.config / "settings.json"

    @classmethod
    def default(cls, env: Mapping[str, str] | None = None) -> "Paths":
        env = os.environ if env is None else env
        home = env.get("PONDER_HOME")
        if home:
            root = Path(home).expanduser()
            return cls(root / "data", root / "config", root / "cache", root / "logs")
        import platformdirs

        return cls(
            Path(platformdirs.user_data_dir("ponder", appauthor=False)),
            Path(platformdirs.user_config_dir("ponder", appauthor=False)),
            Path(platformdirs.user_cache_dir("ponder", appauthor=False)),
            Path(platformdirs.user_log_dir("ponder", appauthor=False)),
        )

    def ensure(self) -> "Paths":
        for p in (self.data, self.config, self.cache, self.logs):
            p.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self
