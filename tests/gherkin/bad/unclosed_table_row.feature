Feature: F
  Scenario: S
    Given headers
      | name | value |
      | X-A  | 1
