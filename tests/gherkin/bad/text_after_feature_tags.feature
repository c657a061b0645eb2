@tag
not a feature line
Feature: F
