Feature: Orders
  A misspelt keyword makes Gherkin read the scenario as description text.

  Scenaro: Create an order
    Given address "$TARGET"
    When the URL is invoked
