# A comment before everything
  # indented comment

# language: en
@tag
# between tag and feature
Feature: Comments
  # after the feature line
  Scenario: S
    # before a step
    Given address "$TARGET"
    # between steps
      | a |
      # inside a table
      | b |
    # before a doc string
    When request body is
      """
      # not a comment: doc string content
      """
    # after
#at column one
