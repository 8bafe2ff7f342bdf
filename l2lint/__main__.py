from l2lint.cli import entry

entry()
