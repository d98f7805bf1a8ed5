"""The French Civil Code's 34 amending acts, replayed the way a drafter works: one `amend` per
changed article, the act's amendments adopted and promoted; and every amendment worded as an
instruction and read back (`consolidate instruction N | consolidate amend --instruction-file
-`), which must give the same patch.

The articles all end with a newline and many new articles are inserted next to articles the
same act inserts (Articles 171-1 to 171-9), so the final text comes out byte for byte only if
the final newline of a clause never depends on the road its proposal took. In process
(click's CliRunner): some 400 commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from support import cli, ok

from consolidate.core.amendment_format import parse_amendment
from consolidate.importers.plaintext import clause_id_from_name

from .test_code_civil_replay import DATA, Scratch, acts, natural, read_articles

TEXT_ID = "code-civil-mariage"


def run(workspace: Path | None, *args: str, input: str | None = None) -> str:
    return ok(cli(workspace, *args, input=input))


@dataclass
class SingleReplay:
    workspace: Path
    tabled: list[str] = field(default_factory=list)  # amendment ids, in order
    inserted_next_to_new: int = 0  # insertions anchored on a clause the same act inserts
    trips: list[tuple[str, str, str]] = field(default_factory=list)  # (id, instruction, again)
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # (id, instruction, why)


def act_lines(before: dict[str, bytes], after: dict[str, bytes]) -> list[dict]:
    """One amendment per changed article, as a drafter tables them: a changed article is
    modified; a new one is inserted after the article before it (a new one of the same act
    included), or before the first article."""
    lines: list[dict] = []
    current = natural(before)
    for name in natural(set(before) | set(after)):
        if name in before and before[name] != after.get(name):
            lines.append({"action": "modify", "clause": clause_id_from_name(name),
                          "proposed": after[name].decode("utf-8")})
        elif name not in before:
            current = natural([*current, name])
            index = current.index(name)
            action, anchor = ("insert-after", current[index - 1]) if index else \
                ("insert-before", current[1])
            lines.append({"action": action, "clause": clause_id_from_name(anchor),
                          "new_id": clause_id_from_name(name),
                          "proposed": after[name].decode("utf-8")})
    return lines


def _amend_args(line: dict) -> list[str]:
    if line["action"] == "modify":
        return ["--clause", line["clause"]]
    return [f"--{line['action']}", line["clause"], "--new-id", line["new_id"]]


def _read(workspace: Path, amendment_id: str):
    path = workspace / "amendments" / TEXT_ID / f"{amendment_id}.patch"
    return parse_amendment(path.read_text(encoding="utf-8"), str(path))


def _round_trip(replay: SingleReplay, amendment_id: str) -> None:
    workspace = replay.workspace
    words = run(workspace, "instruction", amendment_id)
    result = cli(workspace, "amend", "--instruction-file", "-", "--status", "draft", input=words)
    if result.returncode != 0:
        replay.refused.append((amendment_id, words, result.output))
        return
    replay.trips.append((amendment_id, words, result.stdout.split()[-1]))


def _table_act(replay: SingleReplay, lines: list[dict], act: str) -> list[str]:
    new_in_act: set[str] = set()
    ids = []
    for line in lines:
        if line["action"] != "modify":
            replay.inserted_next_to_new += line["clause"] in new_in_act
            new_in_act.add(line["new_id"])
        amendment_id = run(replay.workspace, "amend", *_amend_args(line), "--proposed", "-",
                           "--justification", act, input=line["proposed"]).split()[-1]
        _round_trip(replay, amendment_id)
        ids.append(amendment_id)
    return ids


def single_replay(tmp: Path) -> SingleReplay:
    workspace = tmp / "workspace"
    run(None, "init", str(workspace))
    run(workspace, "import", str(DATA / "base"), "--text", TEXT_ID)
    replay = SingleReplay(workspace)
    scratch = Scratch(tmp / "scratch", DATA / "base")
    for number, act in acts():
        before = scratch.files()
        scratch.apply(DATA / "patches" / f"{number}.patch")
        lines = act_lines(before, scratch.files())
        ids = _table_act(replay, lines, act)
        run(workspace, "adopt", *ids)
        run(workspace, "promote", "--tag", f"act-{number}")
        replay.tabled += ids
    return replay


def test_single_amends_give_2015_byte_for_byte_and_every_instruction_reads_back(tmp_path: Path):
    """One test, so that the replay (two minutes on a busy machine) runs once under xdist."""
    replayed = single_replay(tmp_path)
    _articles_are_those_of_2015(replayed)
    _every_instruction_reads_back(replayed)


def _articles_are_those_of_2015(replayed: SingleReplay) -> None:
    folder = replayed.workspace / "texts" / TEXT_ID
    made = {p.stem: p.read_bytes() for p in folder.glob("*.txt")}
    final = {clause_id_from_name(name): content
             for name, content in read_articles(DATA / "final").items()}
    wrong = sorted(cid for cid in final if made.get(cid) != final[cid])
    assert not wrong, f"{len(wrong)} of {len(final)} articles differ, e.g. {wrong[:5]}"
    assert set(made) == set(final)
    assert replayed.inserted_next_to_new >= 8  # the case that used to lose its newline


def _every_instruction_reads_back(replayed: SingleReplay) -> None:
    assert not replayed.refused, replayed.refused[:2]
    assert len(replayed.trips) == len(replayed.tabled) == 98  # 49 changed, 49 new articles
    multi_line = 0
    for original_id, words, again_id in replayed.trips:
        original, again = _read(replayed.workspace, original_id), \
            _read(replayed.workspace, again_id)
        assert (again.action, again.clause, again.base, again.patch, again.new_kind) == \
            (original.action, original.clause, original.base, original.patch,
             original.new_kind), words
        multi_line += "\n" in words.rstrip("\n")
    assert multi_line > 80  # most of them quote text over several lines
