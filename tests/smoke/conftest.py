"""eval_project/ is the eval suite the smoke tests run pytest on, not a part of this run."""

collect_ignore = ["eval_project"]
