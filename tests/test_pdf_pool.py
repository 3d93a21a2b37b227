"""The PDF renderers started ahead of the print stage (pdf.start_pool): used by the renders,
and never left running, whether there was anything to render or not."""

from __future__ import annotations

import multiprocessing

from edition.publishing import pdf


def test_workers_started_ahead_are_running_before_the_print_stage_and_gone_after_it():
    pool = pdf.start_pool(2)
    try:
        assert len(multiprocessing.active_children()) == 2   # spawned now, not on the first render
    finally:
        # nothing to render (every PDF cached): the pool is shut down all the same
        assert list(pdf.render_all([], 2, None, pool=pool)) == []
    assert multiprocessing.active_children() == []


def test_a_render_runs_in_the_pool_started_ahead(tmp_path):
    pool = pdf.start_pool(2)
    job = pdf.PdfJob("probe", '<!DOCTYPE html><html lang="en"><head><title>probe</title></head>'
                     "<body><h1>Probe</h1><p>Shliapnikov wrote.</p></body></html>",
                     tmp_path.as_uri() + "/", tmp_path / "probe.pdf")
    other = pdf.PdfJob("other", job.html.replace("probe", "other"), job.base_url, tmp_path / "other.pdf")
    results = list(pdf.render_all([job, other], 2, None, pool=pool))
    assert sorted(r.doc_id for r in results) == ["other", "probe"]
    assert all(r.pages == 1 and r.out.read_bytes().startswith(b"%PDF") for r in results)
    assert multiprocessing.active_children() == []
