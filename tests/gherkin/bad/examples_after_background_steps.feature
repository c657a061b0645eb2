Feature: F
  Background:
    Given a
  Examples:
    | a |
