"""Advice for the exceptions and warnings learners' code really produces.

Each rule matches "ExceptionType: message" (or a warning's text) and gives the hint that points
at the usual cause. The first match wins; no match means the check's own hint is shown.

The text is the learner's and may be long and hostile, and `re` backtracks: no rule may hold an
unbounded gap (`.*`, `.+`); gaps are bounded (`[^\n]{0,200}`) so each search is linear.
"""
from __future__ import annotations

import re

GAP = r"[^\n]{0,200}"      # a bounded gap within one line

_ERRORS: list[tuple[str, str]] = [
    (r"mat1 and mat2 shapes cannot be multiplied",
     "A matrix product got shapes that do not line up: in `A @ B` the last dimension of `A` "
     "must equal the first of `B` (a weight (out, in) is transposed, `x @ W.T`), and each "
     "`nn.Linear(in_features, ...)` takes exactly the `out_features` of the layer before it."),
    (r"backward through the graph a second time",
     "Each batch needs its own forward pass inside the loop: a forward pass computed once "
     "outside the loop can only be backpropagated once."),
    (r"does not require grad and does not have a grad_fn",
     "The loss has no computation graph: it was computed under `torch.no_grad()`, from "
     "`.item()`/`.detach()` values, or every parameter is frozen."),
    (r"Expected all tensors to be on the same device|same device",
     "Move each batch to the device the model is on before the forward pass, e.g. "
     "`device = next(model.parameters()).device; X, y = X.to(device), y.to(device)`."),
    (r"Torch not compiled with CUDA|No CUDA GPUs are available|Found no NVIDIA driver"
     r"|CUDA driver|cuda" + GAP + "not available",
     "Your code asks for CUDA where it is graded on another device: use the device the "
     "model is already on, `next(model.parameters()).device`, instead of a fixed 'cuda'."),
    (r"Dimension out of range",
     "A `dim` argument points past the tensor's last dimension: `dim=-1` always means the "
     "last one (the classes), whatever the batch shape."),
    (r"[Ee]xpected (object of )?scalar type Long|Expected target" + GAP + "Long"
     r"|expected [^\n]{0,100}Long[^\n]{0,40}Float",
     "Class labels for `nn.CrossEntropyLoss` must be integer class indices (dtype long)."),
    (r"expected (scalar type|m1 and m2 to have the same dtype)" + GAP + "(Float|Double)"
     r"|found dtype (Double|Long)",
     "Tensors of different dtypes met: convert with `.float()` (models use float32)."),
    (r"module 'torch\.nn\.init' has no attribute '\w{1,80}'",
     "`nn.init` functions that initialise in place end with an underscore, e.g. "
     "`nn.init.zeros_`, `nn.init.kaiming_uniform_`."),
    (r"a leaf Variable that requires grad is being used in an in-place operation",
     "Change a parameter in place only inside `with torch.no_grad():`, where autograd does not "
     "record the change (the `nn.init.*_` functions do that for you)."),
    (r"Can't call numpy\(\) on Tensor that requires grad",
     "Call `.detach()` before `.numpy()`, or `.item()` for a single number."),
    (r"PermissionError|Operation not permitted|Permission denied",
     "While grading, code may only touch its own working folder: no other files, no network, "
     "no new processes (use `DataLoader(num_workers=0)`)."),
    (r"File too large|Errno 27",
     "Your code wrote more than the file-size limit allows."),
    (r"No module named '(matplotlib|seaborn|plotly|IPython)",
     "Plotting and display libraries are not installed where your code is graded: put plots "
     "and experiments under `if __name__ == \"__main__\":` (also in a notebook), which the "
     "grader does not run."),
    (r"No module named '[\w.]{1,200}'",
     "Only torch, numpy, pandas and scikit-learn (and the standard library) are installed "
     "where your code is graded."),
    (r"cannot assign \w{1,40} before Module\.__init__\(\)"
     r"|has no attribute '_(modules|parameters|buffers)'",
     "An `nn.Module` subclass must call `super().__init__()` first in its `__init__`, before "
     "it assigns any layer or parameter to `self`: that call sets up where they are kept."),
    (r"positional argument|required positional|unexpected keyword argument",
     "Keep the function's name and parameters exactly as in the stub: the grader calls it "
     "with those arguments."),
    (r"object has no attribute 'parameters'|object is not callable",
     "Check what your function returns: the model itself, not a class, a tuple or `None`."),
    (r"Fan in and fan out can not be computed",
     "A bias is 1-D, and Kaiming and Xavier initialisers need a weight matrix: initialise "
     "each layer's `weight`, and set its `bias` with `nn.init.zeros_`."),
    (r"not implemented for '(Long|Int|Short|Byte|Bool)'",
     "A floating-point operation got integer values: a loss takes the model's output first "
     "and the targets second (`loss_fn(model(X), y)`), and float inputs need `.float()`."),
    (r"NotImplementedError: TODO\(",
     "Replace the `raise NotImplementedError` in the stub with your code."),
]

BROADCAST = ("The loss got targets of a different shape than the predictions and broadcast "
             "them: check the shapes passed to the loss function.")
_WARNINGS: list[tuple[str, str]] = [
    (r"Implicit dimension choice for (log_)?softmax",
     "`nn.Softmax()` without `dim` guesses which dimension holds the classes; write "
     "`nn.Softmax(dim=-1)` to say so."),
    (r"nn\.init\.\w{1,80}` is now deprecated in favor of `nn\.init\.\w{1,80}`",
     "The `nn.init` functions without a trailing underscore are deprecated: use the in-place "
     "versions, e.g. `nn.init.kaiming_uniform_`."),
    (r"Using a target size " + GAP + " that is different to the input size", BROADCAST),
]


# A C++ source location torch appends to its warnings (cut off anywhere by the worker's limit).
_MARK = "(Triggered internally at "
_INTERNAL = re.compile(r"\s?\(Triggered internally at [^)\n]{0,300}(\)|$)")
# An absolute path (two or more components) of the machine that runs the grader.
_PATH = re.compile(r"(?<![\w.~/-])(?:/[\w.+@~-]{1,255}){2,64}/?")


def clean_warning(text: str) -> str:
    """`text` without torch's C++ source locations, and absolute paths cut to a file name."""
    text = _INTERNAL.sub("", text)
    cut = text.rfind("(")
    if cut >= 0 and len(text) - cut > 1 and _MARK.startswith(text[cut:]):
        text = text[:cut].rstrip()
    return _PATH.sub(lambda m: m.group(0).rstrip("/").rsplit("/", 1)[-1], text)


def patterns() -> list[str]:
    """Every rule's pattern, for tests."""
    return [p for p, _ in _ERRORS + _WARNINGS] + [_INTERNAL.pattern, _PATH.pattern]


def error_hint(exc_type: str, message: str) -> str | None:
    text = f"{exc_type}: {message}"
    for pattern, hint in _ERRORS:
        if re.search(pattern, text):
            return hint
    return None


# Warnings that usually explain wrong numbers, not just style: a failed check names them.
_CAUSES = (BROADCAST,)


def likely_cause(notes: list[str]) -> str | None:
    """The first of `notes` (warning notes so far) that would explain a wrong value."""
    return next((n for n in notes if n in _CAUSES), None)


def warning_note(message: str) -> str | None:
    """The advice for a warning, or None (the engine then shows the cleaned text itself)."""
    text = clean_warning(message)
    for pattern, note in _WARNINGS:
        if re.search(pattern, text):
            return note
    return None
