Feature: Tagged

  Scenario: Fine
    Given address "$TARGET"

  @slow @nightly
