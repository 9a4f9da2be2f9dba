import Testing
@testable import PtolemyStorage
