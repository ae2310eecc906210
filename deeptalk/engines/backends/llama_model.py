"""The model side of the local backend: llama-cpp-python itself. Only the model process
(llama_worker.py) and benchmarks import this module; the server never loads native code.

Every call is computed one way, whatever ran before it: from a clean context, its first (system)
message in one piece, then the rest but its last token in one piece, then the last token alone.
A call's text so depends only on its arguments, not on which call ran before it in this
process (llama-cpp-python would otherwise reuse whatever prefix of the previous prompt
matches, and a prompt evaluated in pieces that depend on the previous call sums in another
order). That is what lets a restarted model process, or interviews interleaved in any order,
give the same text for the same call. Pieces the context already holds are kept rather than
computed again, the same numbers for a fraction of the time: all but the last token when the
previous call had the same prompt (another candidate answer to one question), the system
message when the previous call began with the same one (the next answer in an interview: the
persona and its fact sheet). The states the context held after the last few first pieces are
kept as well, since an interview alternates the interviewer's prompt and the customer's, each
with its own first message. The interview so far is evaluated again for each answer: the
context the previous answer left ends in the model's own tokens, which the answer's text,
tokenized again, need not match.

Grammar-constrained sampling checks the grammar last, the way llama.cpp's own tools do.
llama-cpp-python puts the grammar first in its sampler chain, so every generated token pays
for checking the whole vocabulary (49,152 tokens for SmolLM2) against the grammar: measured
here, that halves generation speed. Inside a JSON string almost any token is allowed, so it is
cheaper to sample freely, check only the chosen token against the grammar, and fall back to
the full grammar pass only when that token is refused. The distribution sampled from is the
same either way (a refused token is simply resampled with the grammar applied), and so is
determinism: the same seed makes the same choices.
"""

from __future__ import annotations

import ctypes
import functools
import json
import math
import re
import time
from pathlib import Path
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp import Llama, llama_chat_format
from llama_cpp._internals import LlamaContext, LlamaSampler
from llama_cpp.llama_grammar import LlamaGrammar, json_schema_to_gbnf

from .build import isa_level

# Fixed, not llama-cpp-python's defaults: the batch size decides how a prompt is cut into
# matrix products, and so the exact numbers.
BATCH = 512


class GrammarLastSampler:
    """Quacks like llama_cpp's LlamaSampler as far as `Llama.sample` uses it."""

    def __init__(self, llama: Llama, free: LlamaSampler, grammar: LlamaGrammar):
        self.free = free  # penalties, top-k/p, temperature, distribution: no grammar
        self.grammar = llama_cpp.llama_sampler_init_grammar(
            llama._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        self.n_vocab = llama.n_vocab()
        self.candidates = (llama_cpp.llama_token_data * self.n_vocab)()
        self.view = np.ctypeslib.as_array(self.candidates)
        self.one = (llama_cpp.llama_token_data * 1)()

    def _apply(self, sampler: Any, data: Any, size: int) -> int:
        array = llama_cpp.llama_token_data_array(data=data, size=size, selected=-1, sorted=False)
        llama_cpp.llama_sampler_apply(sampler, ctypes.byref(array))
        return array.selected

    def _fill(self, logits: np.ndarray) -> None:
        self.view["id"] = np.arange(self.n_vocab, dtype=np.int32)
        self.view["logit"] = logits
        self.view["p"] = 0.0

    def _allowed(self, token: int) -> bool:
        self.one[0].id, self.one[0].logit, self.one[0].p = token, 0.0, 0.0
        self._apply(self.grammar, self.one, 1)
        return math.isfinite(self.one[0].logit)

    def sample(self, ctx: LlamaContext, idx: int = -1) -> int:
        pointer = llama_cpp.llama_get_logits_ith(ctx.ctx, idx)
        logits = np.ctypeslib.as_array(pointer, shape=(self.n_vocab,))
        self._fill(logits)
        token = int(self.candidates[self._apply(self.free.sampler, self.candidates, self.n_vocab)].id)
        if not self._allowed(token):
            self._fill(logits)
            self._apply(self.grammar, self.candidates, self.n_vocab)
            token = int(self.candidates[self._apply(self.free.sampler, self.candidates, self.n_vocab)].id)
        llama_cpp.llama_sampler_accept(self.grammar, token)
        llama_cpp.llama_sampler_accept(self.free.sampler, token)
        return token

    def close(self) -> None:
        if self.grammar is not None:
            llama_cpp.llama_sampler_free(self.grammar)
            self.grammar = None
        self.free.close()

    def __del__(self) -> None:
        self.close()


class GrammarLastLlama(Llama):
    """A Llama whose grammar-constrained generation uses GrammarLastSampler, and whose prompts
    are evaluated the one way described above."""

    first_piece: list[int] = []  # the tokens of the call's first message (LocalModel sets them)
    KEPT_PIECES = 4  # first pieces whose evaluated state is kept: an interview alternates two or three

    def generate(self, tokens: Any, *args: Any, **kwargs: Any) -> Any:
        tokens = list(tokens)
        head = tokens[:-1]
        piece = self.first_piece
        if not (0 < len(piece) < len(head) and tokens[: len(piece)] == piece):
            piece = []
        held = self._input_ids.tolist()
        if not head or held[: len(head)] != head:
            if piece and held[: len(piece)] == piece:
                self.n_tokens = len(piece)  # keep the first piece; eval() drops what follows it
            elif piece and tuple(piece) in self._pieces:
                self._restore(piece)
            else:
                self.reset()
                self.eval(piece)
                if piece:
                    self._keep(piece)
            self.eval(head[len(piece) :])
        # Llama.generate now finds `head` in the context and evaluates the last token alone.
        return super().generate(tokens, *args, **kwargs)

    @property
    def _pieces(self) -> dict[tuple[int, ...], bytes]:
        if "_piece_states" not in self.__dict__:
            self._piece_states: dict[tuple[int, ...], bytes] = {}
        return self._piece_states

    def forget_kept(self) -> None:
        """Drop the kept states: the next calls evaluate their first messages as a fresh process would."""
        self._pieces.clear()

    def _keep(self, piece: list[int]) -> None:
        """Keep the context's state (the first piece, evaluated from a clean context, alone in
        it): the same numbers a later call would compute again. The oldest kept goes first."""
        if self.KEPT_PIECES <= 0:
            return
        size = llama_cpp.llama_state_get_size(self._ctx.ctx)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_get_data(self._ctx.ctx, buffer, size)
        if not 0 < written <= size:
            return  # no state to keep: the piece is evaluated again next time
        while len(self._pieces) >= self.KEPT_PIECES:
            self._pieces.pop(next(iter(self._pieces)))
        self._pieces[tuple(piece)] = ctypes.string_at(buffer, written)

    def _restore(self, piece: list[int]) -> None:
        """The context as it was after the piece alone; evaluated again where the state will not load."""
        data = self._pieces.pop(tuple(piece))
        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        if llama_cpp.llama_state_set_data(self._ctx.ctx, buffer, len(data)) != len(data):
            self.reset()
            self.eval(piece)
            self._keep(piece)
            return
        self._pieces[tuple(piece)] = data  # the most recently used is kept longest
        self.input_ids[: len(piece)] = piece
        self.n_tokens = len(piece)

    def _init_sampler(self, *args: Any, grammar: LlamaGrammar | None = None, **kwargs: Any) -> Any:
        free = super()._init_sampler(*args, grammar=None, **kwargs)
        return free if grammar is None else GrammarLastSampler(self, free, grammar)


_JSON_CHAR_RULE = re.compile(r"^char ::= .*$", re.MULTILINE)
_STRING_START = re.compile(r'(::= "\\"") char')
# Strings hold plain text: no control characters (llama-cpp-python's own rule admits raw ones),
# no escapes, and no brackets or braces, with which a small model starts nesting JSON in a string.
PLAIN_CHAR_RULE = r'char ::= [^"\\\x00-\x1F\x7F\[\]{}<>]'


@functools.lru_cache(maxsize=64)
def grammar_text(schema_json: str) -> str:
    """GBNF for JSON documents valid against the schema, with plain-text strings that start
    with a letter (no "2", "),", "###" for a phrase). A schema without free text (enums only)
    has no string rule to restrict."""
    text, count = _JSON_CHAR_RULE.subn(lambda _: PLAIN_CHAR_RULE, json_schema_to_gbnf(schema_json))
    if count > 1:
        raise RuntimeError("llama-cpp-python's JSON grammar has no single `char` rule to restrict")
    return _STRING_START.sub(r"\1 [A-Za-z]", text)


def build_info() -> dict:
    """What decides the numbers on the runtime side: the package version and the build's
    instruction sets, as llama.cpp reports them (compile-time features of this build)."""
    system_info = llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()
    return {"llama_cpp_python": llama_cpp.__version__, "build": isa_level(system_info), "system_info": system_info}


class LocalModel:
    """One loaded GGUF model answering stateless chat-completion calls."""

    def __init__(self, model_path: Path, threads: int, context: int, adapter_path: Path | None = None):
        started = time.perf_counter()
        self.llm = GrammarLastLlama(
            model_path=str(model_path),
            lora_path=str(adapter_path) if adapter_path else None,
            n_ctx=context,  # the default 512 cannot hold an insights prompt
            n_batch=BATCH,
            n_ubatch=BATCH,
            n_threads=threads,
            n_threads_batch=threads,
            seed=1,  # unused: every call passes its own seed
            verbose=False,
        )
        self.load_seconds = time.perf_counter() - started
        self._grammars: dict[str, LlamaGrammar] = {}
        template = self.llm.metadata.get("tokenizer.chat_template")
        # The model's own chat template, as llama-cpp-python applies it, to find where the last message starts.
        self._formatter = (
            llama_chat_format.Jinja2ChatFormatter(
                template=template,
                eos_token=self._token_text(self.llm.token_eos()),
                bos_token=self._token_text(self.llm.token_bos()),
            )
            if template
            else None
        )

    def _token_text(self, token: int) -> str:
        return self.llm._model.token_get_text(token) if token != -1 else ""

    def _tokens(self, messages: list[dict]) -> list[int]:
        formatted = self._formatter(messages=messages)
        return self.llm.tokenize(formatted.prompt.encode("utf-8"), add_bos=not formatted.added_special, special=True)

    def _first_message(self, messages: list[dict]) -> list[int]:
        """The tokens the prompt starts with up to the end of its first message (none for a single message)."""
        if self._formatter is None or len(messages) < 2:
            return []
        whole, before = self._tokens(messages), self._tokens(messages[:1])
        shared = next(
            (i for i, (a, b) in enumerate(zip(whole, before, strict=False)) if a != b), min(len(whole), len(before))
        )
        return whole[:shared]

    def _grammar(self, json_schema: dict) -> LlamaGrammar:
        key = json.dumps(json_schema, sort_keys=True)
        if key not in self._grammars:
            self._grammars[key] = LlamaGrammar.from_string(grammar_text(json.dumps(json_schema)), verbose=False)
        return self._grammars[key]

    def complete(
        self,
        messages: list[dict],
        *,
        seed: int,
        max_tokens: int,
        temperature: float,
        stop: list[str] | None = None,
        json_schema: dict | None = None,
        **sampling: Any,
    ) -> dict:
        """One call (evaluated as the module says): {text, finish_reason, prompt_tokens, completion_tokens, seconds}."""
        grammar = self._grammar(json_schema) if json_schema is not None else None
        started = time.perf_counter()
        self.llm.first_piece = self._first_message(messages)
        response = self.llm.create_chat_completion(
            messages=messages,
            seed=seed,
            max_tokens=max_tokens,
            temperature=temperature,
            stop=stop or None,
            grammar=grammar,
            **sampling,
        )
        seconds = time.perf_counter() - started
        choice, usage = response["choices"][0], response["usage"]
        return {
            "text": choice["message"]["content"] or "",
            "finish_reason": choice["finish_reason"] or "stop",
            "prompt_tokens": usage["prompt_tokens"],
            "completion_tokens": usage["completion_tokens"],
            "seconds": seconds,
        }
