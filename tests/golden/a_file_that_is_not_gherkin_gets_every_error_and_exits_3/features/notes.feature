This file was saved as .feature by mistake.

Feature: Late
  Scenario: S
    Given address "$TARGET"
