Feature: Data tables

  Scenario: Cells
    Given headers
      | name          | value       |
      | X-Pipe        | a \| b      |
      | X-Backslash   | c:\\dir     |
      | X-Newline     | line1\nline2 |
      | X-Other       | \t \x kept  |
      |               |             |
      | Zoë           | naïve ünïcode |
    And headers
      |a|b|
      |  spaced  |  cells  | trailing text is not a cell
    Then status is "200"
