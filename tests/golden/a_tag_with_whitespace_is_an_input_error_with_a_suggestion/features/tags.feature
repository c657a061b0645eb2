Feature: Tags

  @smoke test
  Scenario: Fine
    Given address "$TARGET"
