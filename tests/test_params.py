"""Parameters: read from each notebook's parameters cell, checked before anything runs."""

import re

import pytest

from newsfigures import params
from newsfigures.pipeline import load_config, main, select_steps

from conftest import ROOT

CONFIG = ROOT / "config" / "pipeline.yml"


def test_every_notebook_declares_typed_documented_parameters():
    steps, _ = load_config(CONFIG)
    for step in steps:
        declared = params.read_parameters(step.notebook)
        assert "output_dir" in declared, step.notebook
        for parameter in declared.values():
            assert parameter.type_name in ("str", "int", "float", "bool") and parameter.help, (step.notebook, parameter)
        params.check_parameters(step.notebook, step.parameters, "config")


def write_config(tmp_path, parameters: str) -> str:
    text = CONFIG.read_text(encoding="utf-8").replace("      max_file_mb: 5.0\n  - step: \"02\"", parameters + "\n  - step: \"02\"", 1)
    path = tmp_path / "pipeline.yml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "parameters, message",
    [
        ("      max_file_mb: 5.0\n      colour: red", "unknown parameter 'colour' for 01-ingest-corpus.ipynb; valid: corpus_dir, output_dir, max_file_mb"),
        ("      max_file_mb: big", "parameter 'max_file_mb' must be float, got str 'big'"),
    ],
)
def test_bad_parameters_stop_before_anything_runs(tmp_path, capsys, parameters, message):
    config = write_config(tmp_path, parameters)
    assert main(["run", "--config", config, "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "edit, message",
    [
        (("      max_file_mb: 5.0\n  - step: \"02\"", "      - max_file_mb\n  - step: \"02\""), "'parameters' a mapping of name: value lines"),
        (("notebook: notebooks/02-clean-texts.ipynb", "notebook: 2"), "step 02: 'notebook' must be a path"),
        (('step: "02"', 'step: "01"'), "step 01 is listed twice"),
        (("# ", "# café \xe9 "), "not UTF-8 text"),
    ],
)
def test_a_malformed_config_is_one_line(tmp_path, capsys, edit, message):
    text = CONFIG.read_text(encoding="utf-8")
    assert edit[0] in text
    path = tmp_path / "pipeline.yml"
    path.write_bytes(text.replace(*edit, 1).encode("latin-1" if "café" in edit[1] else "utf-8"))
    assert main(["run", "--config", str(path), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "out").exists()


def test_unknown_step_lists_the_valid_ones(tmp_path, capsys):
    assert main(["run", "--only", "99", "--output", str(tmp_path)]) == 1
    assert "--only 99: no such step; valid: 01 (01-ingest-corpus), 02 (02-clean-texts)" in capsys.readouterr().err


def test_unknown_engine_and_missing_config(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["run", "--engine", "spark"])
    assert main(["run", "--config", str(tmp_path / "none.yml")]) == 1
    assert "file does not exist" in capsys.readouterr().err


def test_choice_parameters_list_valid_values(tmp_path):
    notebook = tmp_path / "n.ipynb"
    notebook.write_text('{"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ["engine: str = \\"local\\"  # where"]}]}')
    with pytest.raises(params.ParameterError, match="unknown value 'spark'; valid: local, dask"):
        params.check_parameters(notebook, {"engine": "spark"}, "test")


@pytest.mark.parametrize("value", [-1, 0, 0.0])
def test_sizes_and_counts_must_be_above_zero(value):
    steps, _ = load_config(CONFIG)
    ingest = next(s for s in steps if s.step == "01")
    with pytest.raises(params.ParameterError, match=f"parameter 'max_file_mb' must be greater than 0, got {value!r}"):
        params.check_parameters(ingest.notebook, {"max_file_mb": value}, "config")
    params.check_parameters(ingest.notebook, {"max_file_mb": 0.5}, "config")


def test_every_positive_parameter_is_a_numeric_notebook_parameter():
    steps, _ = load_config(CONFIG)
    declared = {p.name: p.type_name for s in steps for p in params.read_parameters(s.notebook).values()}
    assert {declared.get(name) for name in params.POSITIVE} <= {"int", "float"}


def test_select_steps_by_number_or_name():
    steps, _ = load_config(CONFIG)
    assert [s.step for s in select_steps(steps, "3", None)] == ["03"]
    assert [s.step for s in select_steps(steps, None, "clean-texts")][0] == "02"


def test_params_command_documents_every_notebook(capsys):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    assert "01  notebooks/01-ingest-corpus.ipynb" in out
    assert "max_file_mb: float = 5.0  # largest article file accepted, in MB  [config: 5.0]" in out


def test_check_values_reads_the_types_of_the_parameters_cell(tmp_path):
    def namespace(types: dict, **values) -> dict:
        return {"__annotations__": types, **values}

    params.check_values(namespace({"top_words": int, "prior_scale": float, "terms": list[str]}, top_words=8, prior_scale=1, terms=["a"]))
    with pytest.raises(params.ParameterError, match=r"^papermill parameters: parameter 'terms' must be list\[str\], got list \['a', 2\]$"):
        params.check_values(namespace({"terms": list[str]}, terms=["a", 2]))
    with pytest.raises(params.ParameterError, match="parameter 'top_words' must be greater than 0, got 0"):
        params.check_values(namespace({"top_words": int}, top_words=0))
    with pytest.raises(params.ParameterError, match="parameter 'corpus_dir' names .*, which does not exist; fix the path"):
        params.check_values(namespace({"corpus_dir": str}, corpus_dir=str(tmp_path / "absent")))
    params.check_values(namespace({"not_set_yet": int}))  # a name without a value is the cell's business, not a wrong -p
    params.check_values({"__annotate__": lambda format: {"top_words": int}, "top_words": 8})  # Python 3.14's way
    with pytest.raises(params.ParameterError, match="'top_words' must be int"):
        params.check_values({"__annotate__": lambda format: {"top_words": int}, "top_words": "8"})


@pytest.mark.parametrize("type_name, value, hint", [
    ("bool", "false", "write -p x False, which papermill reads as a boolean"),
    ("int", "60", "pass numbers with -p, not -r, which keeps them text"),
    ("str", 2023, "pass it with -r x VALUE, which keeps it text"),
    ("str", None, "None is no str: give a value"),
])
def test_papermill_mistakes_get_a_hint(type_name, value, hint):
    with pytest.raises(params.ParameterError, match=re.escape(f"got {type(value).__name__} {value!r}; {hint}")):
        params.check_values({"__annotations__": {"x": {"bool": bool, "int": int, "str": str}[type_name]}, "x": value})


def test_a_notebook_run_by_hand_stops_at_a_wrong_value_in_one_line(tmp_path):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(
            str(ROOT / "notebooks" / "01-ingest-corpus.ipynb"), str(tmp_path / "out.ipynb"),
            parameters={"output_dir": str(tmp_path), "max_file_mb": "big"}, progress_bar=False, cwd=str(ROOT),
        )
    assert failure.value.ename == "ParameterError"
    assert failure.value.traceback == ["ParameterError: papermill parameters: parameter 'max_file_mb' must be float, got str 'big'"]
    assert not (tmp_path / "data").exists()


def test_a_notebook_run_by_hand_into_a_new_folder_says_what_to_run_first(tmp_path):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(
            str(ROOT / "notebooks" / "04-build-timeline.ipynb"), str(tmp_path / "out.ipynb"),
            parameters={"output_dir": str(tmp_path)}, progress_bar=False, cwd=str(ROOT),
        )
    assert failure.value.ename == "MissingInputError"
    assert failure.value.traceback == [
        f"MissingInputError: {tmp_path}/data/processed/articles.csv does not exist: the steps before this one write it; "
        f"run them into this folder first: python -m newsfigures run --output {tmp_path}"
    ]


@pytest.mark.parametrize("edit, message", [
    (("engine: local", "engnie: dask"), "unknown key 'engnie' (did you mean 'engine'?); valid: engine, dask_scheduler, steps"),
    (("    parameters:\n      max_file_mb: 5.0\n  - step: \"02\"", "    parameter:\n      max_file_mb: 5.0\n  - step: \"02\""),
     "step 01: unknown key 'parameter' (did you mean 'parameters'?); valid: step, notebook, parameters, render"),
])
def test_a_misspelt_config_key_stops_instead_of_being_ignored(tmp_path, capsys, edit, message):
    text = CONFIG.read_text(encoding="utf-8")
    assert edit[0] in text
    path = tmp_path / "pipeline.yml"
    path.write_text(text.replace(*edit, 1), encoding="utf-8")
    assert main(["run", "--config", str(path), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("flag", ["--only", "--from"])
def test_an_empty_step_is_no_step(tmp_path, capsys, flag):
    assert main(["run", flag, "", "--output", str(tmp_path / "out")]) == 1  # it ran every step
    assert f"{flag} '': no such step; valid: 01 (01-ingest-corpus)" in capsys.readouterr().err


def test_a_folder_parameter_must_name_a_folder_and_a_file_parameter_a_file(tmp_path):
    steps, _ = load_config(CONFIG)
    extract = next(s for s in steps if s.step == "03")
    a_file = tmp_path / "figure_cues.csv"
    a_file.write_text("x\n")
    with pytest.raises(params.ParameterError, match=r"parameter 'lexicon_dir' names .*figure_cues\.csv, which is not a folder; give the path of a folder"):
        params.check_parameters(extract.notebook, {"lexicon_dir": str(a_file)}, "config")
    with pytest.raises(params.ParameterError, match=r"parameter 'gold_file' names .*, which is not a file"):
        params.check_parameters(extract.notebook, {"gold_file": str(tmp_path)}, "config")


@pytest.mark.parametrize("blocker", [".", "data", "data/processed"])
def test_an_output_folder_that_is_a_file_stops_before_anything_runs(tmp_path, capsys, blocker):
    output = tmp_path / "out"
    target = output / blocker if blocker != "." else output
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("not a folder\n")
    assert main(["run", "--output", str(output)]) == 1
    err = capsys.readouterr().err.strip()
    assert f"error: --output {output}: {target} is a file, and the run needs a folder there" in err and len(err.splitlines()) == 1
    assert target.read_text() == "not a folder\n"


def test_an_output_folder_one_may_not_write_stops_before_anything_runs(tmp_path, capsys, monkeypatch):
    import os

    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as a read-only folder answers (tests run as root too)
    assert main(["run", "--output", str(tmp_path / "out")]) == 1
    assert f"is not writable for you; pass a folder you can write to" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def lexicon_config(tmp_path, lexicons) -> str:
    text = CONFIG.read_text(encoding="utf-8").replace("lexicon_dir: data/lexicons", f"lexicon_dir: {lexicons}")
    path = tmp_path / "pipeline.yml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_broken_word_list_of_a_late_step_stops_before_the_first(tmp_path, capsys):
    import shutil

    lexicons = shutil.copytree(ROOT / "data" / "lexicons", tmp_path / "lexicons")
    terms = lexicons / "framing_terms.csv"
    header, first, *rest = terms.read_text(encoding="utf-8").splitlines()
    terms.write_text("\n".join([header, first, "naming,broken,neutral,text,,(unclosed,a pattern with an unclosed group", *rest]) + "\n", encoding="utf-8")
    assert main(["run", "--config", lexicon_config(tmp_path, lexicons), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert "framing_terms.csv row 3: pattern is not a valid regular expression" in err and len(err.splitlines()) == 1, err  # step 06 reads it; it stopped before 01
    assert not (tmp_path / "out").exists()


def test_a_word_list_missing_from_lexicon_dir_is_named_before_anything_runs(tmp_path, capsys):
    import shutil

    lexicons = shutil.copytree(ROOT / "data" / "lexicons", tmp_path / "lexicons")
    (lexicons / "event_cues.csv").unlink()
    assert main(["run", "--config", lexicon_config(tmp_path, lexicons), "--output", str(tmp_path / "out")]) == 1
    assert (f"error: step 04: lexicon_dir {lexicons} has no event_cues.csv, which 04-build-timeline.ipynb reads; "
            "copy it from data/lexicons") in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("file, bad_row, said", [
    ("speaker_groups.csv", r"phrase,(\blawyers?\b,lawyer,lawyer (unnamed),other,an unclosed group",
     "speaker_groups.csv row 2: match is not a valid regular expression (missing ), unterminated subpattern"),
    ("speaker_groups.csv", "entity,ostlandd,,,other,a misspelt gazetteer id",
     "speaker_groups.csv row 2: entity id 'ostlandd' is not in gazetteer.csv; use an entity_id of that file"),
    ("event_cues.csv", "release,released,released|freed,pelt,a misspelt gazetteer id",
     "event_cues.csv row 2: entity id 'pelt' is not in gazetteer.csv"),
    ("framing_terms.csv", "region name,Lisk,neutral,mentions,liskk,Lisk,a misspelt gazetteer id",
     "framing_terms.csv row 2: entity id 'liskk' is not in gazetteer.csv"),
])
def test_a_word_list_row_that_could_match_nothing_stops_in_one_line(tmp_path, capsys, file, bad_row, said):
    """A bad pattern gave a 40-line traceback; a misspelt entity id kept its speaker, event or term out without a word."""
    import shutil

    lexicons = shutil.copytree(ROOT / "data" / "lexicons", tmp_path / "lexicons")
    rows = (lexicons / file).read_text(encoding="utf-8").splitlines()
    (lexicons / file).write_text("\n".join([rows[0], bad_row, *rows[1:]]) + "\n", encoding="utf-8")
    assert main(["run", "--config", lexicon_config(tmp_path, lexicons), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert said in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "out").exists()


def gold_config(tmp_path, gold_rows: str) -> str:
    gold = tmp_path / "gold.csv"
    gold.write_text("doc_id,mention,value,category\n" + gold_rows, encoding="utf-8")
    text = CONFIG.read_text(encoding="utf-8").replace("gold_file: data/annotations/figures_gold.csv", f"gold_file: {gold}")
    path = tmp_path / "pipeline.yml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("rows, said", [
    ('yevlakh-talks,"1,240 arrested","1,240",other\n', "gold.csv row 2: value '1,240' is not a number; write it without commas (1240)"),
    ("yevlakh-talks,1240 arrested,1240,arrested\n", "gold.csv row 2: category 'arrested' unknown; valid: killed"),
])
def test_a_gold_file_the_scores_would_misread_stops_before_the_run(tmp_path, capsys, rows, said):
    """A value with a comma crashed step 03 in pandas; an unknown category was scored as a category nothing can find."""
    assert main(["run", "--config", gold_config(tmp_path, rows), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert said in err and err.startswith("error: step 03 gold_file: ") and len(err.splitlines()) == 1, err
    assert not (tmp_path / "out").exists()


def test_gold_rows_of_no_article_are_named(tmp_path, capsys):
    config = gold_config(tmp_path, "yevlakh-talks,200,200,killed\nyevlakh-talk,25,25,killed\n")
    assert main(["run", "--only", "03", "--config", config, "--output", str(tmp_path / "out")]) == 1  # no earlier steps there
    assert ("warning: gold.csv: doc_id 'yevlakh-talk' (1 row) names no article of the corpus; its rows are not scored"
            in capsys.readouterr().out)


def test_kwic_terms_missing_from_the_framing_terms_are_said_before_the_run(tmp_path, capsys):
    """The notebook's table of terms in context was empty without a word on the console."""
    import shutil

    lexicons = shutil.copytree(ROOT / "data" / "lexicons", tmp_path / "lexicons")
    terms = lexicons / "framing_terms.csv"
    header, first, *_ = terms.read_text(encoding="utf-8").splitlines()
    terms.write_text(f"{header}\n{first}\n", encoding="utf-8")  # only "Nagorno-Karabakh" is left
    assert main(["run", "--only", "06", "--config", lexicon_config(tmp_path, lexicons), "--output", str(tmp_path / "out")]) == 1
    assert ("note: step 06: kwic_terms: 'Artsakh', 'separatists', 'anti-terrorist operation / measures', 'aggression', "
            "'ethnic cleansing' are not terms of framing_terms.csv") in capsys.readouterr().out
