#!/usr/bin/env bash
# Run by every job of the workflows that installs or runs hub, right after the
# checkout: it refuses a repository that tracks a file which would run during
# `python3 -m venv .venv && pip install -e .` or at Python's start, or that hub
# and the workflows read or publish as their own. Such a file runs before any
# review can see it (a .pth in .venv/ survives `python3 -m venv`), so it is
# refused whoever added it; CODEOWNERS also gives every such path an owner.
#
# - .venv: the virtual environment the workflows create (its site-packages
#   .pth files and scripts run with every `hub` and `python`);
# - any *.pth (a path configuration file runs its `import` lines at start-up),
#   sitecustomize.py and usercustomize.py (imported at start-up when on the
#   path);
# - setup.py and setup.cfg at the top (pip runs or reads them while installing;
#   this project is described by pyproject.toml alone);
# - node_modules: npm packages run by the tests;
# - .hub (the render cache and the announce state), site and dist (the built
#   site and the archive the workflows publish).
#
# git quotes a name that holds a line break or a control character, and each
# name is printed indented, so no file name can become a workflow command.
set -euo pipefail

found=$(git -c core.quotePath=true ls-files -- \
  .venv .hub site dist setup.py setup.cfg \
  ':(glob,icase)**/*.pth' ':(glob,icase)**/sitecustomize.py' ':(glob,icase)**/usercustomize.py' \
  ':(glob)**/node_modules' ':(glob)**/node_modules/**')

if [[ -n "$found" ]]; then
  count=$(printf '%s\n' "$found" | wc -l)
  echo "::error title=Files that would run before review::the repository tracks ${count} file(s) that would run while hub is installed or started, or that hub reads or publishes as its own: remove them (git rm -r --cached), and add the folders to .gitignore"
  printf '%s\n' "$found" | sed 's/^/  /'
  exit 1
fi
echo "The checkout tracks no .venv/, .hub/, site/, dist/, node_modules/, .pth, sitecustomize.py, usercustomize.py, setup.py or setup.cfg."
