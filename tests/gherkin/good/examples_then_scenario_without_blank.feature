Feature: Dense
  Scenario Outline: O
    Given <a>
    Examples:
    | a |
    | 1 |
    Examples:
    | a |
    | 2 |
  Scenario: S
    Given b
