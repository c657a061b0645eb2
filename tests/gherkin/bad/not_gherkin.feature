This is not a feature file.
It has no Feature: line at the start.
