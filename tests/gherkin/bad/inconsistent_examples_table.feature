Feature: F
  Scenario Outline: O
    Given <a>

    Examples:
      | a | b |
      | 1 | 2 |
      | 3 |
