"""Pure logic of the logbook: no Flask, no database; `today` and plain values come in."""
