Feature: F
  Scenario Outline: O
    Given <a>
    Examples:
      | a |
      | 1 |
      not a row
      | 2 |
