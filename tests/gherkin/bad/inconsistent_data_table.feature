Feature: F
  Scenario: S
    Given headers
      | name | value |
      | X-A  | 1     |
      | X-B  |
      | X-C  | 3 | extra |
