import Testing
@testable import PtolemyMapping
