Feature: Dates
  Dates are written in a named format: `default` is `YYYY-MM-DDTHH:mm:ss` (Arrow
  tokens), and `date format` names more.

  Background:
    Given address "$TARGET"
    And URL path "/echo"
    And REST method "POST"
    And date format "day" "YYYY-MM-DD"
    And date format "year" "YYYY"

  Scenario: Now, UTC now and an hour ago
    Given path "/local" in request is now "default"
    And path "/utc" in request is UTC now "day"
    And path "/earlier" in request is UTC now "default" minus one hour
    When the URL is invoked
    Then path "/body/local" is any string
    And path "/body/utc" starts with "20"
    And path "/body/earlier" is any string

  Scenario: Random dates, in ranges and not
    Given path "/any" in request is a random date "default"
    And path "/after" in request is a random date after "2020-01-01" "year"
    And path "/before" in request is a random date before "2020-01-01T10:00:00" "day"
    And path "/between" in request is a random date between "2020-01-31" and "2020-01-31" "day"
    When the URL is invoked
    Then path "/body/any" is any string
    And path "/body/after" is any string
    And path "/body/before" is any string
    And path "/body/between" is "2020-01-31"
